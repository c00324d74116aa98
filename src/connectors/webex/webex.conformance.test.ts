import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../platform/clock.ts';
import { openStore } from '../../platform/store/open.ts';
import { startWebexEmulator } from '../../sandbox/webex/index.ts';
import { type ConformanceTarget, connectorConformance } from '../conformance.ts';
import { captureLog } from '../testing/log-capture.ts';
import { webexConnector } from './index.ts';
import { MINA, TOKEN } from './test-harness.ts';
import { signature } from './verify.ts';

/**
 * Against the Webex emulator (written from the Webex reference notes). Webex asks for quiet with
 * `Retry-After`; deliveries are signed with HMAC-SHA1 over the raw body and carry no timestamp.
 * The signed envelope names a message the emulator holds, since handle() reads the text back.
 */

const HOOK_SECRET = 'conformance-hook-secret';

connectorConformance('webex', { http: true, inbound: 'signature' }, async (): Promise<ConformanceTarget> => {
  const emu = await startWebexEmulator({ botToken: TOKEN });
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-webex-conf-'));
  const store = await openStore({ url: 'sqlite', dataDir, masterKey: randomBytes(32) });
  const { log, lines: logs } = captureLog();
  const connector = webexConnector.create({
    name: 'webex',
    options: { token: TOKEN, webhookSecret: HOOK_SECRET, apiUrl: emu.apiUrl },
    store,
    log,
    clock: systemClock,
  });
  const room = emu.directRoom(MINA);
  const { message } = await emu.say({ from: MINA, direct: true, text: '안녕하세요' });
  const body = JSON.stringify({
    id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svY29uZm9ybWFuY2U',
    name: 'opsbot:webex:messages',
    resource: 'messages',
    event: 'created',
    data: { id: message.id, roomId: room.id, roomType: 'direct', personEmail: MINA },
  });
  const request = (headers: Record<string, string>) => ({
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: Buffer.from(body),
  });
  return {
    connector,
    destination: `room/${room.id}`,
    landed: async () =>
      emu
        .messagesIn(room.id)
        .filter((m) => m.fromBot)
        .map((m) => `${m.markdown ?? ''} ${m.text ?? ''}`),
    secrets: [TOKEN, HOOK_SECRET],
    logs,
    http: {
      rateLimited: (seconds) => emu.fail('POST /messages', { status: 429, retryAfter: seconds }),
      serverError: (status) => emu.fail('POST /messages', { status }),
      echoCredentials: () =>
        emu.fail('POST /messages', { status: 500, message: `backend saw ${TOKEN} and ${HOOK_SECRET}` }),
    },
    refusal: {
      destination: 'room/Y2lzY29zcGFyazovL3VzL1JPT00vbm9uZQ',
      status: 404,
      reason: 'Could not find a room with the provided ID.',
    },
    inbound: {
      valid: () => request({ 'x-spark-signature': signature(HOOK_SECRET, body) }),
      forged: () => request({ 'x-spark-signature': signature('not-the-hook-secret', body) }),
      missing: () => request({}),
    },
    close: async () => {
      await emu.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
