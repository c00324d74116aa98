import { afterEach, describe, expect, it } from 'vitest';
import type { FormDelivery } from '../../contracts/forms.ts';
import { silentLogger } from '../../platform/log.ts';
import { secretRedactor } from '../../platform/redact.ts';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack/index.ts';
import type { LoopReceiver } from '../types.ts';
import { createSlackParts } from './index.ts';
import { slackOptions } from './options.ts';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, type SlackRig, startSlackRig } from './test-harness.ts';

/**
 * Socket Mode with the official SocketModeClient against the emulator's socket: envelopes reach
 * the gateway's sink, acks carry the modal's field errors, and a server-side `disconnect` is
 * followed by a reconnect. The ping timeout (the base of the client's reconnect delay) is 1 s here.
 */

const USER = 'U01MINJUN';
let rig: SlackRig;
let emu: SlackEmulator;
let receiver: LoopReceiver | undefined;
afterEach(async () => {
  await receiver?.stop();
  await rig?.close();
  await emu?.close();
});

async function start() {
  emu = await startSlackEmulator({ botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: SIGNING_SECRET });
  emu.transport = 'socket';
  rig = await startSlackRig({ apiUrl: emu.apiUrl });
  const options = slackOptions.parse({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: APP_TOKEN,
    apiUrl: emu.apiUrl,
  });
  const parts = createSlackParts(
    {
      name: 'slack',
      options,
      store: rig.store,
      state: rig.store.connectorState('slack/slack'),
      log: silentLogger(),
      clock: rig.clock,
      redactor: secretRedactor.scope(),
    },
    { socketPingTimeoutMs: 1000 },
  );
  receiver = parts.receive as LoopReceiver;
  expect(receiver.mode).toBe('socket');
  await receiver.start((events) => rig.gateway.receive(rig.connector, events));
  return parts;
}

describe('slack Socket Mode against the emulator', () => {
  it('delivers a slash command, reconnects after a server-side disconnect, and stops', async () => {
    await start();
    const first = await emu.slashCommand({
      command: '/attendance',
      text: 'me',
      user: USER,
      channel: 'C02ATTEND',
    });
    expect({ status: first.status, body: first.body, error: first.error }).toEqual({
      status: 200,
      body: '',
      error: undefined,
    });
    expect(rig.routed.map((e) => [e.type, e.text, e.user, e.replyTo])).toEqual([
      ['message', '/attendance me', USER, `slack/user/${USER}`],
    ]);

    const before = emu.socketConnections;
    await emu.disconnect('refresh_requested');
    await emu.waitForSocketConnections(before + 1);
    await expect.poll(() => emu.openSockets).toBe(1);
    const second = await emu.slashCommand({
      command: '/attendance',
      text: 'again',
      user: USER,
      channel: 'C02ATTEND',
    });
    expect(second.status).toBe(200);
    expect(rig.routed.map((e) => e.text)).toEqual(['/attendance me', '/attendance again']);

    await receiver?.stop();
    receiver = undefined;
    await expect.poll(() => emu.openSockets).toBe(0);
  });

  it('a stop between a server-side disconnect and the reconnect stays stopped', async () => {
    await start();
    await emu.disconnect('warning');
    const started = performance.now();
    await receiver?.stop();
    receiver = undefined;
    expect(performance.now() - started).toBeLessThan(1000);
    // Past the 1 s reconnect delay: the stopped client must not have come back.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect({ connections: emu.socketConnections, open: emu.openSockets }).toEqual({
      connections: 1,
      open: 0,
    });
  });

  it("acks a modal submit with the app's field errors, keyed by field name", async () => {
    const parts = await start();
    await emu.slashCommand({ command: '/attendance', user: USER, channel: 'C02ATTEND' });
    const formId = 'form-socket-1';
    const form = {
      title: '근태',
      fields: [{ name: 'month', type: 'month' as const, label: '월', required: true }],
    };
    await rig.forms.open('attendance', { formId, target: `slack/user/${USER}`, form, user: USER });
    const [item] = await rig.store.outbox.list({ limit: 1 });
    await parts.send!(
      `user/${USER}`,
      { kind: 'form', form: item!.payload as FormDelivery },
      { idempotencyKey: 'k', attempt: 1 },
    );
    const view = emu.openView(USER);
    expect(view?.view['private_metadata']).toBe(formId);

    rig.app.validate = () => ({ month: '지난 달은 등록할 수 없습니다' });
    const refused = await emu.submitView({ viewId: view!.id, values: { month: '2026-10' } });
    expect({ json: refused.json, action: refused.outcome.action }).toEqual({
      json: { response_action: 'errors', errors: { month: '지난 달은 등록할 수 없습니다' } },
      action: 'errors',
    });
    rig.app.validate = () => null;
    const taken = await emu.submitView({ viewId: view!.id, values: { month: '2026-11' } });
    expect(taken.outcome.action).toBe('closed');
    await expect.poll(() => rig.app.received.map((s) => s.values)).toEqual([{ month: '2026-11' }]);
  });
});
