import type { FormDelivery, PortableForm } from '../../contracts/forms.ts';
import { type FormGateway, startFormGateway } from '../../engine/forms/testing/form-gateway.ts';
import { startWebexEmulator, type WebexEmulator } from '../../sandbox/webex/index.ts';
import type { TypedConnector } from '../define.ts';
import type { WebexClient } from './client.ts';
import { webexConnector } from './index.ts';

/**
 * Test support (not a test): the Webex emulator and a real gateway on 127.0.0.1 with a SQLite store,
 * the form service and a `webex` connection whose webhooks point at the gateway, plus a scriptable
 * app standing in for the IPC side.
 */

export const TOKEN = 'webex-test-bot-token-1234';
export const MINA = 'mina@example.com';

export interface WebexRig extends Omit<FormGateway, 'sendForm'> {
  emu: WebexEmulator;
  connector: TypedConnector<WebexClient>;
  /** A new connection object on the same store (a daemon restart), serving /hooks/webex from now on. */
  restart(opts?: { publicUrl?: string | undefined; webhookSecret?: string }): TypedConnector<WebexClient>;
  /** Opens a form the way ctx.form does, and hands its delivery straight to the connector. */
  sendForm(to: string, form: PortableForm): Promise<FormDelivery>;
}

/** The gateway's own URL is the connection's publicUrl unless a restart says otherwise. */
export async function startWebexRig(opts: { webhookSecret?: string } = {}): Promise<WebexRig> {
  const emu = await startWebexEmulator({ botToken: TOKEN });
  const base = await startFormGateway({ name: 'webex' });
  const open = (o: { publicUrl?: string | undefined; webhookSecret?: string } = {}) => {
    const secret = o.webhookSecret ?? opts.webhookSecret;
    const options = { token: TOKEN, apiUrl: emu.apiUrl, ...(secret ? { webhookSecret: secret } : {}) };
    const url = 'publicUrl' in o ? o.publicUrl : base.url;
    const { store, log, clock } = base;
    const connector = webexConnector.create({
      ...{ name: 'webex', options, store, log, clock },
      ...(url ? { publicUrl: url } : {}),
    });
    base.connectors.set('webex', connector);
    return connector;
  };
  const { sendForm, close } = base;
  const rig: WebexRig = Object.assign(base, {
    emu,
    connector: open(),
    restart(o?: { publicUrl?: string | undefined; webhookSecret?: string }) {
      rig.connector = open(o);
      return rig.connector;
    },
    sendForm: (to: string, form: PortableForm) => sendForm(rig.connector, to, form),
    async close() {
      await emu.close();
      await close();
    },
  });
  return rig;
}
