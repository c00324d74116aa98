import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import app from './index.ts';
import type { Options } from './options.ts';

/**
 * The real OCC info-memo page renders its results with scripts: the HTML as served is a table
 * shell with a "Loading…" row. notice-watcher does not run scripts, so it must say plainly that it
 * saw zero items where the list should have some — never report "nothing new".
 */

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(html: string): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const SHELL = `<!doctype html><html><head><script src="/app.js"></script></head><body>
<table><thead><tr><th>Number</th><th>Post Date</th><th>Effective Date</th><th>Subject</th></tr></thead>
<tbody><tr><td colspan="4">Loading…</td></tr></tbody></table>
<script>fetch('/api/memos').then(render)</script></body></html>`;

function watcher(url: string) {
  return createTestApp<Options>(app, {
    options: {
      watches: [
        { name: 'occ', target: 'desk', failureThreshold: 1, source: { preset: 'occ-infomemo', url } },
      ],
    },
  });
}

describe('notice-watcher on a page that renders its list with scripts', () => {
  it('fails the run saying it saw 0 items and why, and alerts', async () => {
    const url = await serve(SHELL);
    const t = watcher(`${url}/infomemo/search`);
    const plain =
      'cannot read occ: saw 0 items where the list should have some: 1 match "table tbody tr" but none has ' +
      'an id and a title (the page has 2 script(s) and may render its list with them, which ' +
      'notice-watcher does not run (it reads the HTML as served)) (1 failed polls in a row)';
    await expect(t.run()).rejects.toThrow(plain);
    const [alert] = t.sent.map((s) => s.message as PortableMessage);
    expect(alert).toMatchObject({ title: 'Notice watch failing: occ', severity: 'error' });
    expect(alert?.text).toContain('saw 0 items where the list should have some');
  });

  it('an empty shell without rows says the same', async () => {
    const url = await serve(SHELL.replace('<tr><td colspan="4">Loading…</td></tr>', ''));
    await expect(watcher(url).run()).rejects.toThrow(
      /saw 0 items where the list should have some: no items match "table tbody tr" \(the page has 2 script/,
    );
  });
});
