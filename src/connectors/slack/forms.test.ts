import { afterEach, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../sandbox/slack/index.ts';
import { type SlackRig, startRigWithEmulator } from './test-harness.ts';

/**
 * Forms end to end against the emulator: the emulator acts as Slack toward the real gateway (signed
 * commands, clicks, view submissions) and records the modals the connector opens.
 */

const USER = 'U01MINJUN';
const FORM = {
  title: '근태 등록',
  fields: [
    { name: 'month', type: 'month' as const, label: '대상 월', required: true },
    { name: 'password', type: 'secret' as const, label: '비밀번호', required: true },
  ],
};

let rig: SlackRig;
let emu: SlackEmulator;
afterEach(async () => {
  await rig?.close();
  await emu?.close();
});

async function start(): Promise<void> {
  ({ rig, emu } = await startRigWithEmulator());
}

const blockIds = (view: Record<string, unknown> | undefined) =>
  ((view?.['blocks'] as Array<Record<string, unknown>> | undefined) ?? [])
    .filter((b) => b['type'] === 'input')
    .map((b) => b['block_id']);

describe('slack forms against the emulator', () => {
  it('a form sent right after a slash command opens as a modal with that trigger; errors and close come back', async () => {
    await start();
    const command = await emu.slashCommand({
      command: '/attendance',
      text: 'register',
      user: USER,
      channel: 'C02ATTEND',
    });
    expect({ status: command.status, body: command.body }).toEqual({ status: 200, body: '' });
    const trigger = rig.routed[0]?.id.replace('slack:command:', '');
    await rig.sendForm(`slack/user/${USER}`, FORM, USER);

    expect(emu.calls('views.open').map((c) => ({ trigger: c.args['trigger_id'], error: c.error }))).toEqual([
      { trigger, error: undefined },
    ]);
    const view = emu.openView(USER);
    expect(blockIds(view?.view)).toEqual(['month', 'password']);
    expect(emu.dmWith(USER)).toEqual([]);

    rig.app.validate = (s) => (s.values['month'] === '2026-13' ? { month: '없는 달입니다' } : null);
    const refused = await emu.submitView({
      viewId: view!.id,
      values: { month: '2026-13', password: 'pw-secret-1' },
    });
    expect(refused.outcome.action).toBe('errors');
    expect(emu.view(view!.id)?.errors).toEqual({ month: '없는 달입니다' });
    const taken = await emu.submitView({
      viewId: view!.id,
      values: { month: '2026-11', password: 'pw-secret-1' },
    });
    expect({ status: taken.status, action: taken.outcome.action }).toEqual({ status: 200, action: 'closed' });
    await expect.poll(() => rig.app.received.length).toBe(1);
    expect(rig.app.received[0]?.values).toEqual({ month: '2026-11', password: 'pw-secret-1' });
    expect(JSON.stringify(await rig.store.inbox.listNew(100))).not.toContain('pw-secret-1');
  });

  it('a late form is a 양식 열기 button in the DM, and its click opens the modal', async () => {
    await start();
    await emu.slashCommand({ command: '/attendance', user: USER, channel: 'C02ATTEND' });
    await rig.clock.advance(3000);
    const delivery = await rig.sendForm(`slack/user/${USER}`, FORM, USER);

    expect(emu.calls('views.open')).toEqual([]);
    const [message] = emu.dmWith(USER);
    const actions = message?.blocks?.[1] as { elements: Array<Record<string, unknown>> } | undefined;
    const button = actions?.elements[0];
    expect(button).toMatchObject({
      action_id: 'opsbot_form_open',
      value: delivery.formId,
      text: { text: '양식 열기' },
    });

    const click = await emu.blockAction({
      user: USER,
      actionId: 'opsbot_form_open',
      value: delivery.formId,
      channel: message!.channel,
      messageTs: message!.ts,
    });
    expect(click.status).toBe(200);
    await expect.poll(() => emu.openView(USER)?.id).toBeDefined();
    expect(emu.calls('views.open').map((c) => c.error)).toEqual([undefined]);
    expect(blockIds(emu.openView(USER)?.view)).toEqual(['month', 'password']);
    // The click opened the form; it is not an app event.
    expect(rig.routed.map((e) => e.type)).toEqual(['message']);
  });

  it("a 양식 열기 click after the form's expiry opens nothing", async () => {
    await start();
    const delivery = await rig.sendForm(`slack/user/${USER}`, FORM, USER);
    const [message] = emu.dmWith(USER);
    await rig.clock.advance(delivery.expiresAt - rig.clock.now() + 1000);
    const click = await emu.blockAction({
      user: USER,
      actionId: 'opsbot_form_open',
      value: delivery.formId,
      channel: message!.channel,
      messageTs: message!.ts,
    });
    expect(click.status).toBe(200);
    await expect
      .poll(async () => rig.store.connectorState('slack/slack').get(`form/${delivery.formId}`))
      .toBeUndefined();
    expect(emu.calls('views.open')).toEqual([]);
  });

  it('a form whose trigger Slack already refuses falls back to the button', async () => {
    await start();
    await emu.slashCommand({ command: '/attendance', user: USER, channel: 'C02ATTEND' });
    emu.fail('views.open', { error: 'expired_trigger_id' });
    await rig.sendForm(`slack/user/${USER}`, FORM, USER);
    expect(emu.calls('views.open').map((c) => c.error)).toEqual(['expired_trigger_id']);
    expect(emu.dmWith(USER)).toHaveLength(1);
  });
});
