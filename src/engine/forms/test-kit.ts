import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sandboxConnector } from '../../connectors/sandbox/index.ts';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import type { Connector, InboundRequest, WebhookAnswer } from '../../connectors/types.ts';
import type { FormDelivery } from '../../contracts/forms.ts';
import { createLogger } from '../../platform/log.ts';
import { type FormGateway, startFormGateway } from './testing/form-gateway.ts';

/**
 * Test support (not a test): the form gateway (testing/form-gateway.ts) with a sandbox, a
 * link-rendered ("naverworks") and a native-forms connection, logging to a file the test reads.
 */

export interface FormKit extends FormGateway {
  logFile: string;
  /** Writes out buffered log lines. */
  flushLog(): Promise<void>;
  /** The FormDelivery the outbox holds for a form. */
  delivery(formId: string): Promise<FormDelivery>;
}

/** `publicUrl: null`: no http.publicUrl; default the gateway's own URL. */
export async function startFormKit(opts: { publicUrl?: string | null } = {}): Promise<FormKit> {
  const logFile = join(await mkdtemp(join(tmpdir(), 'opsbot-forms-log-')), 'daemon.log');
  // Written synchronously, so a test reads every line the service logged before its answer.
  const log = createLogger({ destination: logFile, level: 'debug', sync: true });
  const publicUrl = opts.publicUrl === null ? {} : { publicUrl: opts.publicUrl ?? 'gateway' };
  const base = await startFormGateway({ name: 'forms', log, ...publicUrl });
  const { store, clock } = base;
  base.connectors.set(
    'sandbox',
    sandboxConnector.create({ name: 'sandbox', options: {}, store, log, clock }),
  );
  // Stands in for NAVER WORKS: no native forms, so they go out as a link to the signed page.
  base.connectors.set('works', {
    name: 'works',
    type: 'naverworks',
    defaultRateLimit: 60,
    capabilities: testCapabilities({ destinations: ['channel', 'user'], forms: 'link' }),
    send: async () => {},
  });
  // A platform with native forms whose submits come in on /hooks/native (like a Slack view).
  base.connectors.set('native', nativeFormsConnector());
  const close = base.close;
  return Object.assign(base, {
    logFile,
    flushLog: () => new Promise<void>((resolve) => log.flush(() => resolve())),
    async delivery(formId: string) {
      const items = await store.outbox.list({ limit: 100 });
      const item = items.find((i) => (i.payload as FormDelivery).formId === formId);
      if (!item) throw new Error(`no outbox item for form ${formId}`);
      return item.payload as FormDelivery;
    },
    async close() {
      await close();
      await rm(dirname(logFile), { recursive: true, force: true });
    },
  });
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
