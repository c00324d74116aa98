import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FormDelivery, FormErrors, FormSubmission, PortableForm } from '../../contracts/forms.ts';
import { FormService } from '../../engine/forms/service.ts';
import { createGateway } from '../../engine/gateway/server.ts';
import type { Gateway, StoredInboundEvent } from '../../engine/gateway/types.ts';
import { Metrics } from '../../engine/metrics.ts';
import { Outbox } from '../../engine/outbox/outbox.ts';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { openStore } from '../../platform/store/open.ts';
import type { Store } from '../../platform/store/types.ts';
import { startWebexEmulator, type WebexEmulator } from '../../sandbox/webex/index.ts';
import type { TypedConnector } from '../define.ts';
import type { Connector } from '../types.ts';
import type { WebexClient } from './client.ts';
import { webexConnector } from './index.ts';

/**
 * Test support (not a test): the Webex emulator and a real gateway on 127.0.0.1 with a SQLite store,
 * the form service and a `webex` connection whose webhooks point at the gateway, plus a scriptable
 * app standing in for the IPC side.
 */

export const TOKEN = 'webex-test-bot-token-1234';
export const MINA = 'mina@example.com';

export interface WebexRig {
  emu: WebexEmulator;
  /** The gateway's own URL (the connection's publicUrl unless a test says otherwise). */
  url: string;
  /** The store's folder (to look at what is written to disk). */
  dataDir: string;
  store: Store;
  clock: FakeClock;
  forms: FormService;
  connector: TypedConnector<WebexClient>;
  routed: StoredInboundEvent[];
  app: {
    validate: (s: FormSubmission) => FormErrors | null | Promise<FormErrors | null>;
    received: FormSubmission[];
  };
  /** A new connection object on the same store (a daemon restart), serving /hooks/webex from now on. */
  restart(opts?: { publicUrl?: string | undefined; webhookSecret?: string }): TypedConnector<WebexClient>;
  /** Opens a form the way ctx.form does, and hands its delivery straight to the connector. */
  sendForm(to: string, form: PortableForm): Promise<FormDelivery>;
  close(): Promise<void>;
}

export async function startWebexRig(opts: { webhookSecret?: string } = {}): Promise<WebexRig> {
  const emu = await startWebexEmulator({ botToken: TOKEN });
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-webex-'));
  const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 6) });
  const log = silentLogger();
  const clock = new FakeClock(Date.now());
  const connectors = new Map<string, Connector>();
  let publicUrl: string | undefined;
  const open = (o: { publicUrl?: string | undefined; webhookSecret?: string } = {}) => {
    const secret = o.webhookSecret ?? opts.webhookSecret;
    const options = { token: TOKEN, apiUrl: emu.apiUrl, ...(secret ? { webhookSecret: secret } : {}) };
    const url = 'publicUrl' in o ? o.publicUrl : publicUrl;
    const connector = webexConnector.create({
      name: 'webex',
      options,
      store,
      log,
      clock,
      ...(url ? { publicUrl: url } : {}),
    });
    connectors.set('webex', connector);
    return connector;
  };
  const outbox = new Outbox({ store, connectors, targets: {}, clock });
  const app: WebexRig['app'] = { validate: () => null, received: [] };
  const forms = new FormService({
    store,
    clock,
    log,
    outbox: { enqueue: (request) => outbox.enqueue(request as never) },
    connectors: () => connectors,
    targets: () => ({}),
    publicUrl: () => undefined,
    signingKey: Buffer.alloc(32, 3),
    apps: {
      validate: async (_app, s) => app.validate(s),
      deliver: async (_app, s) => {
        app.received.push(s);
        return true;
      },
    },
  });
  const routed: StoredInboundEvent[] = [];
  const gateway: Gateway = createGateway({
    ...{ host: '127.0.0.1', port: 0, bodyLimit: 256 * 1024, store, connectors, log, clock, forms },
    metrics: new Metrics(),
    onInbound: (event) => routed.push(event),
    appRoute: async () => null,
    health: () => ({ ok: true }),
  });
  const { url } = await gateway.listen();
  publicUrl = url;
  const rig: WebexRig = {
    emu,
    url,
    dataDir,
    store,
    clock,
    forms,
    connector: open(),
    routed,
    app,
    restart(o) {
      rig.connector = open(o);
      return rig.connector;
    },
    async sendForm(to, form) {
      const formId = `form-${Math.random().toString(36).slice(2, 10)}`;
      await forms.open('service-desk', { formId, target: to, form });
      const [item] = await store.outbox.list({ limit: 1 });
      if (!item) throw new Error('the form was not queued');
      const delivery = item.payload as FormDelivery;
      await rig.connector.send!(
        item.destination,
        { kind: 'form', form: delivery },
        { idempotencyKey: item.id, attempt: 1 },
      );
      return delivery;
    },
    async close() {
      await emu.close();
      await gateway.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** What a Webex client sends for a card's submit: the inputs plus the Action.Submit `data`. */
export function submitInputs(card: Record<string, unknown> | undefined, values: Record<string, unknown>) {
  const actions = (card?.['actions'] as Array<Record<string, unknown>> | undefined) ?? [];
  const data = (actions.find((a) => a['type'] === 'Action.Submit')?.['data'] ?? {}) as Record<
    string,
    unknown
  >;
  return { ...values, ...data };
}

/** Polls until `check` holds (deliveries and routing run after the acknowledgement). */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
