import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.ts';
import { Redactor } from '../../platform/redact.ts';
import { WebexApi } from './api.ts';
import { filenameOf, trustsWithToken, webexClient } from './client.ts';
import type { Identity } from './identity.ts';
import { WebexOutbound } from './outbound.ts';

/** download(): the bot token goes to Webex hosts only, also across a redirect to storage. */

const TOKEN = 'webex-client-test-token';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('webex client download', () => {
  it('sends the token to the API origin, follows a redirect to storage without it, and reads the file name', async () => {
    const seen: Array<[string, string | undefined]> = [];
    const storage = await serve((req, res) => {
      seen.push(['storage', req.headers.authorization]);
      res.writeHead(200, {
        'content-type': 'text/csv',
        'content-disposition': "attachment; filename*=UTF-8''%EC%A3%BC%EA%B0%84.csv",
      });
      res.end('a,b\n');
    });
    const api = await serve((req, res) => {
      seen.push(['api', req.headers.authorization]);
      res.writeHead(302, { location: `${storage}/blob/1` }).end();
    });
    const apiUrl = `${api}/v1`;
    const webex = new WebexApi({ apiUrl, token: TOKEN, clock: systemClock, redactor: new Redactor() });
    const client = webexClient({
      api: webex,
      token: TOKEN,
      outbound: new WebexOutbound(webex),
      identity: {} as Identity,
      redactor: new Redactor(),
    });
    const file = await client.download(`${apiUrl}/contents/abc`);
    expect({ ...file, data: Buffer.from(file.data).toString() }).toEqual({
      filename: '주간.csv',
      contentType: 'text/csv',
      data: 'a,b\n',
    });
    expect(seen).toEqual([
      ['api', `Bearer ${TOKEN}`],
      ['storage', undefined],
    ]);
  });

  it('trusts only the API origin and https Webex hosts', () => {
    const apiUrl = 'http://127.0.0.1:4000/v1';
    expect(
      [
        'http://127.0.0.1:4000/v1/contents/1',
        'https://webexapis.com/v1/contents/1',
        'https://files.webex.com/x',
        'http://files.webex.com/x',
        'https://webexapis.com.evil.example/x',
        'http://127.0.0.1:4001/v1/contents/1',
      ].map((u) => trustsWithToken(new URL(u), apiUrl)),
    ).toEqual([true, true, true, false, false, false]);
    expect(filenameOf('attachment; filename="report.pptx"', new URL('https://x/y'))).toBe('report.pptx');
    expect(filenameOf(null, new URL('https://webexapis.com/v1/contents/abc'))).toBe('abc');
  });
});
