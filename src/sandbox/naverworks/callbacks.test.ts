import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkReason } from '../../platform/errors.ts';
import type { WorksEmulator } from './emulator.ts';
import { BOT, start } from './testkit.ts';

interface Received {
  raw: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

let emu: WorksEmulator;
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];

/** A receiver that verifies the way a correct connector must: HMAC over the raw bytes. */
function verify(r: Received): boolean {
  const sig = r.headers['x-works-signature'];
  if (typeof sig !== 'string') return false;
  const expected = createHmac('sha256', BOT.botSecret).update(r.raw).digest('base64');
  return sig === expected;
}

beforeAll(async () => {
  emu = await start({ now: () => Date.parse('2024-05-01T09:00:00.000Z') });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { raw: Buffer.concat(chunks), headers: req.headers };
      received.push(r);
      res.statusCode = verify(r) ? 200 : 401;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const addr = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/callback`;
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const event = {
  type: 'message',
  source: { userId: 'u1', channelId: 'room-1' },
  content: { type: 'text', text: '휴장일 알려줘' },
};

describe('postCallback', () => {
  it('signs the raw, unusually spaced body with the bot secret', async () => {
    expect(await emu.postCallback(receiverUrl, BOT.botId, event)).toBe(200);
    const r = received.at(-1)!;
    expect(r.headers['x-works-botid']).toBe(BOT.botId);
    expect(r.headers['content-type']).toBe('application/json; charset=UTF-8');
    const text = r.raw.toString('utf8');
    expect(text).toBe(
      '{"type": "message", "source": {"userId": "u1", "channelId": "room-1", "domainId": 10000001}, ' +
        '"content": {"type": "text", "text": "휴장일 알려줘"}, "issuedTime": "2024-05-01T09:00:00.000Z"}',
    );
    // Re-serialising the parsed body yields different bytes, so a connector doing that fails.
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(text)));
    expect(createHmac('sha256', BOT.botSecret).update(reserialised).digest('base64')).not.toBe(
      r.headers['x-works-signature'],
    );
  });

  it('sends a forged signature of the right shape, or none', async () => {
    expect(await emu.postCallback(receiverUrl, BOT.botId, event, { signature: 'forged' })).toBe(401);
    const forged = received.at(-1)!.headers['x-works-signature'];
    expect(typeof forged).toBe('string');
    expect((forged as string).length).toBe(44);
    expect(await emu.postCallback(receiverUrl, BOT.botId, event, { signature: 'missing' })).toBe(401);
    expect(received.at(-1)!.headers['x-works-signature']).toBeUndefined();
  });

  it('can send compact JSON, still correctly signed', async () => {
    expect(
      await emu.postCallback(
        receiverUrl,
        BOT.botId,
        { type: 'join', source: { channelId: 'room-1' } },
        { reserialize: true },
      ),
    ).toBe(200);
    expect(received.at(-1)!.raw.toString('utf8')).toBe(
      '{"type":"join","source":{"channelId":"room-1","domainId":10000001},"issuedTime":"2024-05-01T09:00:00.000Z"}',
    );
  });

  it('refuses an unknown bot', async () => {
    await expect(emu.postCallback(receiverUrl, 'nobot', event)).rejects.toThrow('unknown botId');
  });

  it('gives up on a hook that never answers', async () => {
    const silent = createServer(() => {
      // Never answers: the request just hangs, as a stalled daemon's would.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const addr = silent.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/callback`;
    try {
      const started = Date.now();
      const err = await emu.postCallback(url, BOT.botId, event, { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(networkReason(err)).toBe('timed out');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
