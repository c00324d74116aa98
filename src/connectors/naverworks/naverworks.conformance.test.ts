import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../platform/clock.ts';
import { openStore } from '../../platform/store/open.ts';
import { signBody } from '../../sandbox/naverworks/index.ts';
import { BOT, CLIENT, keys, start } from '../../sandbox/naverworks/testkit.ts';
import { type ConformanceTarget, connectorConformance } from '../conformance.ts';
import { captureLog } from '../testing/log-capture.ts';
import { emulatorConnection } from './clients/test-harness.ts';
import { naverworksConnector } from './index.ts';

/**
 * Against the NAVER WORKS emulator (written from reference/naverworks.md). NAVER WORKS says how long
 * to wait in `RateLimit-Reset`, so that is the header the 429 case sets. Callback signatures are an
 * HMAC of the body with no timestamp on the wire: forged and missing signatures only.
 */

connectorConformance(
  'naverworks',
  { http: true, inbound: 'signature' },
  async (): Promise<ConformanceTarget> => {
    const emu = await start();
    const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-works-conf-'));
    const store = await openStore({ url: 'sqlite', dataDir, masterKey: randomBytes(32) });
    const { log, lines: logs } = captureLog();
    const connector = naverworksConnector.create({
      name: 'works',
      options: emulatorConnection(emu),
      store,
      log,
      clock: systemClock,
    });
    const body = Buffer.from(
      JSON.stringify({
        type: 'message',
        source: { userId: 'u1', channelId: 'room-1' },
        content: { type: 'text', text: '안녕' },
      }),
    );
    const signed = (secret: string) => ({
      'x-works-botid': BOT.botId,
      'x-works-signature': signBody(secret, body),
    });
    const keyLine = keys.privateKey.split('\n')[1] ?? '';
    return {
      connector,
      destination: 'channel/room-1',
      landed: async () =>
        emu.state.messages
          .filter((m) => m.kind === 'channel' && m.to === 'room-1')
          .map((m) => JSON.stringify(m.content)),
      secrets: [CLIENT.clientSecret, BOT.botSecret, keyLine],
      logs,
      http: {
        rateLimited: (seconds) =>
          emu.inject({
            path: '/messages',
            status: 429,
            times: 1,
            headers: { 'ratelimit-reset': String(seconds) },
          }),
        serverError: (status) => emu.inject({ path: '/messages', status, times: 1 }),
        echoCredentials: () =>
          emu.inject({
            path: '/messages',
            status: 500,
            times: 1,
            body: { code: 'ECHO', description: `${CLIENT.clientSecret} ${BOT.botSecret} ${keyLine}` },
          }),
      },
      refusal: {
        destination: 'channel/no-such-room',
        status: 404,
        reason: 'answered 404 NOT_FOUND: channel not found',
      },
      inbound: {
        valid: () => ({ headers: signed(BOT.botSecret), rawBody: body }),
        forged: () => ({ headers: signed('not-the-bot-secret'), rawBody: body }),
        missing: () => ({ headers: { 'x-works-botid': BOT.botId }, rawBody: body }),
      },
      close: async () => {
        await emu.close();
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
);
