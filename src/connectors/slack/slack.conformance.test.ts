import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../platform/clock.ts';
import { openStore } from '../../platform/store/open.ts';
import { startSlackEmulator } from '../../sandbox/slack/index.ts';
import { type ConformanceTarget, connectorConformance } from '../conformance.ts';
import { captureLog } from '../testing/log-capture.ts';
import { slackConnector } from './index.ts';
import { APP_TOKEN, BOT_TOKEN, commandBody, SIGNING_SECRET, signed } from './test-harness.ts';
import { startFaultProxy } from './testing/fault-proxy.ts';

/**
 * Against the Slack emulator (written from the Slack reference docs). Slack says how long to wait
 * in `Retry-After`; callbacks are signed over a timestamp, so stale and future ones are refused too.
 * The emulator injects only 500, so a 503 (and a 5xx quoting credentials) comes from a small
 * pass-through in front of it.
 */

connectorConformance(
  'slack',
  { http: true, inbound: 'signature+timestamp' },
  async (): Promise<ConformanceTarget> => {
    const emu = await startSlackEmulator({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      signingSecret: SIGNING_SECRET,
    });
    const proxy = await startFaultProxy(emu.url);
    const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-slack-conf-'));
    const store = await openStore({ url: 'sqlite', dataDir, masterKey: randomBytes(32) });
    const { log, lines: logs } = captureLog();
    const connector = slackConnector.create({
      name: 'slack',
      options: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: proxy.apiUrl },
      store,
      log,
      clock: systemClock,
    });
    const body = commandBody({
      command: '/attendance',
      text: 'me',
      user_id: 'U01MINJUN',
      trigger_id: '1.2.abc',
    });
    const at = (offsetMs: number) => {
      const { headers, rawBody } = signed(body, Date.now() + offsetMs);
      return { headers, rawBody };
    };
    return {
      connector,
      destination: 'channel/C01GENERAL',
      landed: async () =>
        emu.messagesIn('C01GENERAL').map((m) => `${m.text ?? ''} ${JSON.stringify(m.blocks ?? [])}`),
      secrets: [BOT_TOKEN, SIGNING_SECRET],
      logs,
      http: {
        rateLimited: (seconds) => emu.fail('chat.postMessage', { status: 429, retryAfter: seconds }),
        serverError: (status) =>
          status === 500
            ? emu.fail('chat.postMessage', { status: 500 })
            : proxy.answerNext(status, 'Service Unavailable'),
        echoCredentials: () =>
          proxy.answerNext(500, `bad gateway for ${BOT_TOKEN} signed with ${SIGNING_SECRET}`),
      },
      refusal: { destination: 'channel/C99NOPE', status: undefined, reason: 'channel_not_found' },
      inbound: {
        valid: () => at(0),
        forged: () => {
          const { headers, rawBody } = signed(body, Date.now(), { secret: 'not-the-signing-secret' });
          return { headers, rawBody };
        },
        missing: () => ({
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          rawBody: Buffer.from(body),
        }),
        stale: () => at(-301_000),
        future: () => at(301_000),
      },
      close: async () => {
        await proxy.close();
        await emu.close();
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
);
