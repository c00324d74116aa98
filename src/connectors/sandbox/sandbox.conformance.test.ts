import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../platform/clock.ts';
import { openStore } from '../../platform/store/open.ts';
import { type ConformanceTarget, connectorConformance } from '../conformance.ts';
import { captureLog } from '../testing/log-capture.ts';
import { SANDBOX_SIGNATURE_HEADER, sandboxConnector, signSandboxBody } from './index.ts';

/**
 * The sandbox is its own emulator: messages land in the store's sandbox table (what the /sandbox page
 * shows). It has no HTTP to fail, and its hook signature is an HMAC of the body with no timestamp,
 * so the inbound case checks forged and missing signatures only.
 */

const SECRET = 'sandbox-conformance-secret';

connectorConformance(
  'sandbox',
  { http: false, inbound: 'signature' },
  async (): Promise<ConformanceTarget> => {
    const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-sandbox-conf-'));
    const store = await openStore({ url: 'sqlite', dataDir, masterKey: randomBytes(32) });
    const { log, lines: logs } = captureLog();
    const connector = sandboxConnector.create({
      name: 'play',
      options: { secret: SECRET },
      store,
      log,
      clock: new FakeClock('2026-03-02T09:00:00Z'),
    });
    const body = Buffer.from(JSON.stringify({ id: 'e1', channel: 'ops', user: 'kim', text: 'deploy?' }));
    return {
      connector,
      destination: 'channel/ops',
      landed: async () =>
        (await store.sandbox.list({ connection: 'play', destination: 'channel/ops' })).map((m) =>
          JSON.stringify(m.payload),
        ),
      secrets: [SECRET],
      logs,
      refusal: {
        destination: 'room/ops',
        status: undefined,
        reason: 'sandbox destination must be channel/<id> or user/<id>, got "room/ops"',
      },
      inbound: {
        valid: () => ({
          headers: { [SANDBOX_SIGNATURE_HEADER]: signSandboxBody(SECRET, body) },
          rawBody: body,
        }),
        forged: () => ({
          headers: { [SANDBOX_SIGNATURE_HEADER]: signSandboxBody('not-the-secret', body) },
          rawBody: body,
        }),
        missing: () => ({ headers: {}, rawBody: body }),
      },
      close: async () => {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
);
