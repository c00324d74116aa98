import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connector } from '../../../connectors/types.ts';
import type { FormDelivery, FormErrors, FormSubmission, PortableForm } from '../../../contracts/forms.ts';
import { FakeClock } from '../../../platform/clock.ts';
import { type Logger, silentLogger } from '../../../platform/log.ts';
import { openStore } from '../../../platform/store/open.ts';
import type { Store } from '../../../platform/store/types.ts';
import { createGateway } from '../../gateway/server.ts';
import type { Gateway, StoredInboundEvent } from '../../gateway/types.ts';
import { Metrics } from '../../metrics.ts';
import { Outbox } from '../../outbox/outbox.ts';
import { FormService } from '../service.ts';

/**
 * Test support (not a test): a real gateway on 127.0.0.1 with a SQLite store and the form service,
 * for the form tests and for connectors whose platform posts form submits to /hooks (Slack views,
 * Webex cards). The test puts its connections in `connectors`; a scriptable app stands in for the
 * IPC side (`up: false` is an app that is not running).
 */

export interface FormGatewayOptions {
  /** Names the temporary data folder. */
  name: string;
  /** Default: a silent logger. */
  log?: Logger;
  /** http.publicUrl: 'gateway' for the gateway's own URL; default none. */
  publicUrl?: 'gateway' | string;
}

export interface FormGateway {
  url: string;
  /** The store's folder (to look at what is written to disk). */
  dataDir: string;
  store: Store;
  log: Logger;
  clock: FakeClock;
  forms: FormService;
  gateway: Gateway;
  /** Read on every request: set connections here, also after the gateway started. */
  connectors: Map<string, Connector>;
  /** Events the gateway routed, in order. */
  routed: StoredInboundEvent[];
  /** What routing does with each event (the app's handler); default nothing. */
  onRouted: (event: StoredInboundEvent) => void;
  app: {
    up: boolean;
    validate: (s: FormSubmission) => FormErrors | null | Promise<FormErrors | null>;
    /** Submissions the app took, secrets included (they only ever live in memory). */
    received: FormSubmission[];
  };
  /** Opens a form the way ctx.form does, and hands its delivery straight to `connector`. */
  sendForm(connector: Connector, to: string, form: PortableForm, user?: string): Promise<FormDelivery>;
  close(): Promise<void>;
}

export async function startFormGateway(options: FormGatewayOptions): Promise<FormGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), `opsbot-${options.name}-`));
  const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 5) });
  const log = options.log ?? silentLogger();
  const clock = new FakeClock(Date.now());
  const connectors = new Map<string, Connector>();
  const outbox = new Outbox({ store, connectors, targets: {}, clock });
  const app: FormGateway['app'] = { up: true, validate: () => null, received: [] };
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
  const routed: StoredInboundEvent[] = [];
  const gateway = createGateway({
    ...{ host: '127.0.0.1', port: 0, bodyLimit: 256 * 1024, store, connectors, log, clock, forms },
    metrics: new Metrics(),
    onInbound: (event) => {
      routed.push(event);
      rig.onRouted(event);
    },
    appRoute: async () => null,
    health: () => ({ ok: true }),
  });
  const { url } = await gateway.listen();
  publicUrl = options.publicUrl === 'gateway' ? url : options.publicUrl;
  const rig: FormGateway = {
    ...{ url, dataDir, store, log, clock, forms, gateway, connectors, routed, app },
    onRouted: () => {},
    async sendForm(connector, to, form, user) {
      const formId = `form-${routed.length}-${Math.random().toString(36).slice(2, 10)}`;
      await forms.open('test-app', { formId, target: to, form, ...(user ? { user } : {}) });
      const [item] = await store.outbox.list({ limit: 1 });
      if (!item) throw new Error('the form was not queued');
      const delivery = item.payload as FormDelivery;
      const meta = { idempotencyKey: item.id, attempt: 1 };
      await connector.send?.(item.destination, { kind: 'form', form: delivery }, meta);
      return delivery;
    },
    async close() {
      await gateway.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}
