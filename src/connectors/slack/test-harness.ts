import type { FormDelivery, PortableForm } from '../../contracts/forms.ts';
import { type FormGateway, startFormGateway } from '../../engine/forms/testing/form-gateway.ts';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack/index.ts';
import type { TypedConnector } from '../define.ts';
import type { InboundRequest } from '../types.ts';
import type { SlackClient } from './client.ts';
import { slackConnector } from './index.ts';
import { signature } from './verify.ts';

/** Test support (not a test): the form gateway (../testing/form-gateway.ts) with a `slack` connection. */

export const SIGNING_SECRET = 'slack-test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token-1234';
export const APP_TOKEN = 'xapp-test-app-token-5678';

export interface SlackRig extends Omit<FormGateway, 'sendForm'> {
  hook: string;
  connector: TypedConnector<SlackClient>;
  /** Opens a form the way ctx.form does, and hands its delivery straight to the connector. */
  sendForm(to: string, form: PortableForm, user?: string): Promise<FormDelivery>;
}

export async function startSlackRig(opts: { apiUrl: string; appToken?: string }): Promise<SlackRig> {
  const base = await startFormGateway({ name: 'slack' });
  const options = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: opts.apiUrl,
    ...(opts.appToken ? { appToken: opts.appToken } : {}),
  };
  const { store, log, clock } = base;
  const connector = slackConnector.create({ name: 'slack', options, store, log, clock });
  base.connectors.set('slack', connector);
  const send = base.sendForm;
  return Object.assign(base, {
    hook: `${base.url}/hooks/slack`,
    connector,
    sendForm: (to: string, form: PortableForm, user?: string) => send(connector, to, form, user),
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
