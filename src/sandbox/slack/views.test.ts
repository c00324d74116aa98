import { ErrorCode, type WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from './index.ts';
import { type Hook, manualClock, startHook } from './testkit.ts';

const clock = manualClock();
let emu: SlackEmulator;
let hook: Hook;
let client: WebClient;

const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'attendance',
  title: { type: 'plain_text', text: '근태 입력' },
  submit: { type: 'plain_text', text: '제출' },
  private_metadata: 'C02ATTEND',
  blocks: [
    {
      type: 'input',
      block_id: 'date_yyyyMM',
      label: { type: 'plain_text', text: 'Target Month' },
      element: { type: 'plain_text_input', action_id: 'target_month' },
    },
    {
      type: 'input',
      block_id: 'kind',
      label: { type: 'plain_text', text: '종류' },
      element: {
        type: 'static_select',
        action_id: 'pick',
        options: [{ text: { type: 'plain_text', text: '재택' }, value: 'remote' }],
      },
    },
    {
      type: 'input',
      block_id: 'day',
      label: { type: 'plain_text', text: '날짜' },
      element: { type: 'datepicker', action_id: 'd' },
    },
    {
      type: 'input',
      block_id: 'flags',
      label: { type: 'plain_text', text: '옵션' },
      element: {
        type: 'checkboxes',
        action_id: 'c',
        options: [
          { text: { type: 'plain_text', text: 'A' }, value: 'a' },
          { text: { type: 'plain_text', text: 'B' }, value: 'b' },
        ],
      },
    },
    { type: 'section', block_id: 'note', text: { type: 'mrkdwn', text: 'hi' } },
  ],
  ...extra,
});

async function freshTrigger(user = 'U01MINJUN'): Promise<string> {
  await emu.slashCommand({ command: '/attendance', text: 'me', user, channel: 'C02ATTEND' });
  return hook.requests.at(-1)!.fields['trigger_id']!;
}

async function errorOf(call: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  try {
    await call;
  } catch (err) {
    // Every Slack error answer must surface as the client's platform error, with the code in data.error.
    expect((err as WebAPIPlatformError).code).toBe(ErrorCode.PlatformError);
    return (err as WebAPIPlatformError).data;
  }
  throw new Error('expected the call to fail');
}

let answer: { status?: number; body?: string } = {};

beforeAll(async () => {
  emu = await startSlackEmulator({ clock: clock.now });
  hook = await startHook(emu.signingSecret, () => answer);
  emu.requestUrl = hook.url;
  client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, rejectRateLimitedCalls: true });
});
afterAll(async () => {
  await emu.close();
  await hook.close();
});
beforeEach(() => {
  answer = {};
});

describe('views.open / views.update', () => {
  it('opens a modal with a fresh trigger and answers the view with id and hash', async () => {
    const res = await client.views.open({ trigger_id: await freshTrigger(), view: modal() as never });
    expect(res.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      callback_id: 'attendance',
      private_metadata: 'C02ATTEND',
      type: 'modal',
    });
    const v = emu.view(res.view!.id!)!;
    expect(v).toMatchObject({ user: 'U01MINJUN', open: true, hash: res.view!.hash });
    expect(emu.openView('U01MINJUN')?.id).toBe(v.id);
  });

  it('refuses reused, expired and unknown triggers the way Slack words them', async () => {
    const trigger = await freshTrigger();
    await client.views.open({ trigger_id: trigger, view: modal() as never });
    expect((await errorOf(client.views.open({ trigger_id: trigger, view: modal() as never }))).error).toBe(
      'exchanged_trigger_id',
    );
    const late = await freshTrigger();
    clock.advance(3001);
    expect((await errorOf(client.views.open({ trigger_id: late, view: modal() as never }))).error).toBe(
      'expired_trigger_id',
    );
    const unknown = await errorOf(client.views.open({ trigger_id: '1.2.3', view: modal() as never }));
    expect(unknown.error).toBe('invalid_arguments');
    expect(unknown.response_metadata?.messages).toEqual(['[ERROR] invalid `trigger_id`']);
  });

  it('validates the modal: title length, submit with inputs, unique block ids, sizes', async () => {
    const check = async (view: Record<string, unknown>) =>
      errorOf(client.views.open({ trigger_id: await freshTrigger(), view: view as never }));
    const long = await check(modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } }));
    expect(long.error).toBe('invalid_arguments');
    expect(long.response_metadata?.messages).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
    const noSubmit = await check({ ...modal(), submit: undefined });
    expect(noSubmit.response_metadata?.messages).toEqual([
      '[ERROR] must define `submit` to use an input block [json-pointer:/view/submit]',
    ]);
    const dup = modal();
    (dup['blocks'] as Array<Record<string, unknown>>)[1]!['block_id'] = 'date_yyyyMM';
    expect((await check(dup)).response_metadata?.messages).toEqual([
      '[ERROR] duplicate block_id date_yyyyMM [json-pointer:/view/blocks/1/block_id]',
    ]);
    const many = { ...modal(), blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) };
    expect((await check(many)).response_metadata?.messages).toEqual([
      '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]',
    ]);
    expect((await check(modal({ private_metadata: 'm'.repeat(3001) }))).error).toBe('invalid_arguments');
    expect((await check(modal({ type: 'home' }))).error).toBe('invalid_arguments');
    const huge = modal({
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(260_000) } }],
    });
    expect((await check(huge)).error).toBe('view_too_large');
  });

  it('updates by view_id or external_id and checks the hash', async () => {
    const opened = await client.views.open({
      trigger_id: await freshTrigger(),
      view: modal({ external_id: 'att-1' }) as never,
    });
    const id = opened.view!.id!;
    const byId = await client.views.update({
      view_id: id,
      hash: opened.view!.hash!,
      view: modal({ callback_id: 'v2' }) as never,
    });
    expect(byId.view?.hash).not.toBe(opened.view!.hash);
    expect(emu.view(id)!.view['callback_id']).toBe('v2');
    expect(
      (await errorOf(client.views.update({ view_id: id, hash: opened.view!.hash!, view: modal() as never })))
        .error,
    ).toBe('hash_conflict');
    const byExternal = await client.views.update({
      external_id: 'att-1',
      view: modal({ callback_id: 'v3' }) as never,
    });
    expect(byExternal.view?.id).toBe(id);
    expect((await errorOf(client.views.update({ view_id: 'V404', view: modal() as never }))).error).toBe(
      'not_found',
    );
  });

  it('pushes onto the stack up to three views', async () => {
    await client.views.open({ trigger_id: await freshTrigger('U03JIHO'), view: modal() as never });
    const second = await client.views.push({
      trigger_id: await freshTrigger('U03JIHO'),
      view: modal() as never,
    });
    expect(second.view?.previous_view_id).toBeTruthy();
    await client.views.push({ trigger_id: await freshTrigger('U03JIHO'), view: modal() as never });
    expect(
      (
        await errorOf(
          client.views.push({ trigger_id: await freshTrigger('U03JIHO'), view: modal() as never }),
        )
      ).error,
    ).toBe('push_limit_reached');
  });
});

describe('view_submission', () => {
  async function openModal(): Promise<string> {
    const res = await client.views.open({
      trigger_id: await freshTrigger('U02SEOYEON'),
      view: modal() as never,
    });
    return res.view!.id!;
  }

  it('builds state.values with each element type under its own key', async () => {
    const viewId = await openModal();
    const result = await emu.submitView({
      viewId,
      values: { date_yyyyMM: '202612', kind: 'remote', day: '2026-12-05', flags: ['a', 'b'] },
    });
    const payload = hook.requests.at(-1)!.json!;
    expect(hook.requests.at(-1)!.signed).toBe(true);
    expect(payload).toMatchObject({
      type: 'view_submission',
      user: { id: 'U02SEOYEON' },
      trigger_id: expect.any(String),
      view: {
        id: viewId,
        callback_id: 'attendance',
        private_metadata: 'C02ATTEND',
        hash: emu.view(viewId)!.hash,
      },
    });
    expect((payload['view'] as { state: unknown }).state).toEqual({
      values: {
        date_yyyyMM: { target_month: { type: 'plain_text_input', value: '202612' } },
        kind: {
          pick: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: '재택' }, value: 'remote' },
          },
        },
        day: { d: { type: 'datepicker', selected_date: '2026-12-05' } },
        flags: {
          c: {
            type: 'checkboxes',
            selected_options: [
              { text: { type: 'plain_text', text: 'A' }, value: 'a' },
              { text: { type: 'plain_text', text: 'B' }, value: 'b' },
            ],
          },
        },
      },
    });
    expect(result.outcome).toEqual({ action: 'closed' });
    expect(emu.view(viewId)!.open).toBe(false);
  });

  it('shows field errors keyed by input block id, and refuses other keys', async () => {
    const viewId = await openModal();
    answer = {
      body: JSON.stringify({
        response_action: 'errors',
        errors: { date_yyyyMM: 'Invalid date format -> please input yyyyMM' },
      }),
    };
    const result = await emu.submitView({ viewId, values: { date_yyyyMM: '2026-12' } });
    expect(result.outcome).toEqual({
      action: 'errors',
      errors: { date_yyyyMM: 'Invalid date format -> please input yyyyMM' },
      viewId,
    });
    expect(emu.view(viewId)!.errors).toEqual({ date_yyyyMM: 'Invalid date format -> please input yyyyMM' });
    answer = { body: JSON.stringify({ response_action: 'errors', errors: { note: 'not an input' } }) };
    const bad = await emu.submitView({ viewId });
    expect(bad.outcome).toEqual({ action: 'invalid', reason: 'not input block ids: note', viewId });
    answer = { body: JSON.stringify({ response_action: 'update', view: modal({ callback_id: 'step2' }) }) };
    expect((await emu.submitView({ viewId })).outcome).toEqual({ action: 'updated', viewId });
    answer = { body: JSON.stringify({ response_action: 'push', view: modal({ callback_id: 'step3' }) }) };
    const pushed = await emu.submitView({ viewId });
    expect(pushed.outcome.action).toBe('pushed');
    expect(emu.openView('U02SEOYEON')!.view['callback_id']).toBe('step3');
    answer = { body: JSON.stringify({ response_action: 'clear' }) };
    expect((await emu.submitView({ viewId: pushed.outcome.viewId! })).outcome).toEqual({ action: 'cleared' });
    expect(emu.openView('U02SEOYEON')).toBeUndefined();
  });

  it('sends view_closed and marks the view closed', async () => {
    const viewId = await openModal();
    await emu.viewClosed({ viewId });
    expect(hook.requests.at(-1)!.json).toMatchObject({
      type: 'view_closed',
      view: { id: viewId },
      is_cleared: false,
    });
    expect(emu.view(viewId)!.open).toBe(false);
  });
});
