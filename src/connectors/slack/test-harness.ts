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
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack/index.ts';
import type { TypedConnector } from '../define.ts';
import type { Connector, InboundRequest } from '../types.ts';
import type { SlackClient } from './client.ts';
import { slackConnector } from './index.ts';
import { signature } from './verify.ts';

/**
 * Test support (not a test): a real gateway on 127.0.0.1 with a SQLite store, the form service and
 * a `slack` connection, plus a scriptable app standing in for the IPC side.
 */

export const SIGNING_SECRET = 'slack-test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token-1234';
export const APP_TOKEN = 'xapp-test-app-token-5678';

export interface SlackRig {
  url: string;
  hook: string;
  store: Store;
  clock: FakeClock;
  forms: FormService;
  connector: TypedConnector<SlackClient>;
  gateway: Gateway;
  /** Events the gateway routed, in order. */
  routed: StoredInboundEvent[];
  /** What routing does with each event (the app's handler); default nothing. */
  onRouted: (event: StoredInboundEvent) => void;
  app: {
    validate: (s: FormSubmission) => FormErrors | null | Promise<FormErrors | null>;
    received: FormSubmission[];
  };
  /** Opens a form the way ctx.form does, and hands its delivery straight to the connector. */
  sendForm(to: string, form: PortableForm, user?: string): Promise<FormDelivery>;
  close(): Promise<void>;
}

export async function startSlackRig(opts: { apiUrl: string; appToken?: string }): Promise<SlackRig> {
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-slack-'));
  const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 5) });
  const log = silentLogger();
  const clock = new FakeClock(Date.now());
  const options = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: opts.apiUrl,
    ...(opts.appToken ? { appToken: opts.appToken } : {}),
  };
  const connector = slackConnector.create({ name: 'slack', options, store, log, clock });
  const connectors = new Map<string, Connector>([['slack', connector]]);
  const outbox = new Outbox({ store, connectors, targets: {}, clock });
  const app: SlackRig['app'] = { validate: () => null, received: [] };
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
  const rig = { onRouted: (_event: StoredInboundEvent) => {} };
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
  return Object.assign(rig, {
    url,
    hook: `${url}/hooks/slack`,
    store,
    clock,
    forms,
    connector,
    gateway,
    routed,
    app,
    async sendForm(to: string, form: PortableForm, user?: string) {
      const formId = `form-${routed.length}-${Math.random().toString(36).slice(2, 10)}`;
      await forms.open('attendance', { formId, target: to, form, ...(user ? { user } : {}) });
      const [item] = await store.outbox.list({ limit: 1 });
      if (!item) throw new Error('the form was not queued');
      const delivery = item.payload as FormDelivery;
      await connector.send!(
        item.destination,
        { kind: 'form', form: delivery },
        { idempotencyKey: item.id, attempt: 1 },
      );
      return delivery;
    },
    async close() {
      await gateway.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** A request as Slack signs it, at `nowMs` (the rig's clock). */
export function signed(
  body: string,
  nowMs: number,
  opts: { form?: boolean; secret?: string } = {},
): InboundRequest & { body: string } {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    body,
    rawBody: Buffer.from(body),
    headers: {
      'content-type': opts.form === false ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature(opts.secret ?? SIGNING_SECRET, timestamp, body),
    },
  };
}

/** POSTs a signed (or spoiled) request to the gateway. */
export async function post(url: string, request: { body: string; headers: InboundRequest['headers'] }) {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const answer = await fetch(url, { method: 'POST', headers, body: request.body });
  return { status: answer.status, text: await answer.text(), type: answer.headers.get('content-type') };
}

export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C1',
    channel_name: 'general',
    user_name: 'mina',
    api_app_id: 'A1',
    ...fields,
  }).toString();
}

/**
 * The emulator and a rig on one clock (the rig's fake one, so a trigger ages only when a test says),
 * the emulator's requests aimed at the rig's hook.
 */
export async function startRigWithEmulator(): Promise<{ rig: SlackRig; emu: SlackEmulator }> {
  let now = () => Date.now();
  const emu = await startSlackEmulator({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    signingSecret: SIGNING_SECRET,
    clock: () => now(),
  });
  const rig = await startSlackRig({ apiUrl: emu.apiUrl });
  now = () => rig.clock.now();
  emu.requestUrl = rig.hook;
  return { rig, emu };
}
