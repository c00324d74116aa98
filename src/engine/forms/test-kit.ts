import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxConnector } from '../../connectors/sandbox/index.ts';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import type { Connector, InboundRequest, WebhookAnswer } from '../../connectors/types.ts';
import type { FormDelivery, FormErrors, FormSubmission } from '../../contracts/forms.ts';
import { FakeClock } from '../../platform/clock.ts';
import { createLogger } from '../../platform/log.ts';
import { openStore } from '../../platform/store/open.ts';
import type { Store } from '../../platform/store/types.ts';
import { createGateway } from '../gateway/server.ts';
import type { Gateway } from '../gateway/types.ts';
import { Metrics } from '../metrics.ts';
import { Outbox } from '../outbox/outbox.ts';
import { FormService } from './service.ts';

/**
 * Test support (not a test): a real gateway and SQLite store with the form service, a sandbox and
 * a link-rendered ("naverworks") connection, and a scriptable app standing in for the IPC side.
 */

export interface FakeApp {
  up: boolean;
  validate: (s: FormSubmission) => FormErrors | null | Promise<FormErrors | null>;
  /** Submissions the app took, secrets included (they only ever live in memory). */
  received: FormSubmission[];
}

export interface FormKit {
  url: string;
  dataDir: string;
  logFile: string;
  store: Store;
  clock: FakeClock;
  forms: FormService;
  app: FakeApp;
  /** Writes out buffered log lines. */
  flushLog(): Promise<void>;
  /** The FormDelivery the outbox holds for a form. */
  delivery(formId: string): Promise<FormDelivery>;
  close(): Promise<void>;
}

export async function startFormKit(opts: { publicUrl?: string | null } = {}): Promise<FormKit> {
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-forms-'));
  const logFile = join(dataDir, 'daemon.log');
  const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 9) });
  // Written synchronously, so a test reads every line the service logged before its answer.
  const log = createLogger({ destination: logFile, level: 'debug', sync: true });
  const clock = new FakeClock(Date.now());
  const connectors = new Map<string, Connector>([
    ['sandbox', sandboxConnector.create({ name: 'sandbox', options: {}, store, log, clock })],
    // Stands in for NAVER WORKS: no native forms, so they go out as a link to the signed page.
    [
      'works',
      {
        name: 'works',
        type: 'naverworks',
        defaultRateLimit: 60,
        capabilities: testCapabilities({ destinations: ['channel', 'user'], forms: 'link' }),
        send: async () => {},
      },
    ],
    // A platform with native forms whose submits come in on /hooks/native (like a Slack view).
    ['native', nativeFormsConnector()],
  ]);
  const outbox = new Outbox({ store, connectors, targets: {}, clock });
  const app: FakeApp = { up: true, validate: () => null, received: [] };
  let gateway: Gateway | undefined;
  let publicUrl: string | undefined;
  const forms = new FormService({
    store,
    clock,
    log,
    outbox: { enqueue: (request) => outbox.enqueue(request as never) },
    connectors: () => connectors,
    targets: () => ({}),
    publicUrl: () => publicUrl,
    signingKey: Buffer.alloc(32, 3),
    apps: {
      validate: async (_app, s) => (app.up ? app.validate(s) : 'down'),
      deliver: async (_app, s) => {
        if (!app.up) return false;
        app.received.push(s);
        return true;
      },
    },
  });
  gateway = createGateway({
    ...{ host: '127.0.0.1', port: 0, bodyLimit: 64 * 1024, store, connectors, log, clock, forms },
    metrics: new Metrics(),
    onInbound: () => {},
    appRoute: async () => null,
    health: () => ({ ok: true }),
  });
  const { url } = await gateway.listen();
  publicUrl = opts.publicUrl === null ? undefined : (opts.publicUrl ?? url);
  return {
    url,
    dataDir,
    logFile,
    store,
    clock,
    forms,
    app,
    flushLog: () => new Promise<void>((resolve) => log.flush(() => resolve())),
    async delivery(formId) {
      const items = await store.outbox.list({ limit: 100 });
      const item = items.find((i) => (i.payload as FormDelivery).formId === formId);
      if (!item) throw new Error(`no outbox item for form ${formId}`);
      return item.payload as FormDelivery;
    },
    async close() {
      await gateway?.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function nativeFormsConnector(): Connector {
  return {
    name: 'native',
    type: 'native-test',
    defaultRateLimit: 60,
    capabilities: testCapabilities({ destinations: ['channel'], forms: 'native', receive: 'webhook' }),
    send: async () => {},
    receive: { mode: 'webhook', handle: nativeSubmit },
  };
}

/**
 * A native form submit as a platform would post it: the answers arrive with the event, and (like a
 * Slack view) the reply carries the field errors, within `answerWithinMs` when the body gives one.
 */
function nativeSubmit(request: InboundRequest): WebhookAnswer {
  const body = JSON.parse(request.rawBody.toString('utf8')) as {
    id: string;
    formId: string;
    user: string;
    values: Record<string, unknown>;
    answerWithinMs?: number;
  };
  const { formId, values, answerWithinMs } = body;
  const form = { formId, values, ...(answerWithinMs ? { answerWithinMs } : {}) };
  return {
    status: 200,
    body: { ok: true },
    events: [{ id: body.id, type: 'form', replyTo: 'native/channel/x', user: body.user, form, raw: body }],
    reply(stored) {
      const outcome = stored[0]?.form;
      if (outcome?.outcome === 'invalid') return { status: 200, body: { ok: false, errors: outcome.errors } };
      return { status: 200, body: { ok: true, outcome: outcome?.outcome ?? 'duplicate' } };
    },
  };
}
