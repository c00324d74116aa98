import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../contracts/inbound.ts';
import { parseCommand, parseEventsApi, parseInteractive } from './inbound.ts';

const stored = (form: InboundEvent['form']): InboundEvent[] => [
  {
    id: 'x',
    connection: 'slack',
    type: 'form',
    replyTo: '',
    user: 'U1',
    receivedAt: 0,
    ...(form ? { form } : {}),
  },
];

describe('slack inbound parsing', () => {
  it('a slash command is a message event; token and response_url stay out of raw', () => {
    const parsed = parseCommand('slack', {
      token: 'verification-token',
      command: '/attendance',
      text: 'me',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T1',
      trigger_id: '1.2.3',
      response_url: 'https://hooks.slack.com/commands/T1/1/abc',
    });
    expect(parsed.events).toEqual([
      {
        id: 'slack:command:1.2.3',
        type: 'message',
        text: '/attendance me',
        user: 'U1',
        replyTo: 'slack/user/U1',
        raw: { command: '/attendance', text: 'me', channel_id: 'C1', team_id: 'T1' },
      },
    ]);
    expect(parsed.effects).toEqual({
      trigger: { user: 'U1', triggerId: '1.2.3' },
      response: { key: '1.2.3', url: 'https://hooks.slack.com/commands/T1/1/abc', user: 'U1' },
    });
  });

  it('shortcuts, block actions and the form-open button', () => {
    const global = parseInteractive('slack', {
      type: 'shortcut',
      callback_id: 'diary',
      trigger_id: 't1',
      user: { id: 'U1' },
    });
    expect(global.events).toEqual([
      {
        id: 'slack:shortcut:t1',
        type: 'shortcut',
        data: 'diary',
        user: 'U1',
        replyTo: 'slack/user/U1',
        raw: { callback_id: 'diary' },
      },
    ]);
    const onMessage = parseInteractive('slack', {
      type: 'message_action',
      callback_id: 'save',
      trigger_id: 't2',
      user: { id: 'U1' },
      channel: { id: 'C9' },
    });
    expect(onMessage.events[0]?.replyTo).toBe('slack/channel/C9');
    const action = parseInteractive('slack', {
      type: 'block_actions',
      trigger_id: 't3',
      user: { id: 'U2' },
      channel: { id: 'C1' },
      actions: [{ action_id: 'approve', block_id: 'b1', value: 'yes' }],
    });
    expect(action.events).toEqual([
      {
        id: 'slack:action:t3',
        type: 'action',
        data: 'yes',
        user: 'U2',
        replyTo: 'slack/channel/C1',
        raw: { action_id: 'approve', block_id: 'b1', channel: 'C1', view_id: undefined },
      },
    ]);
    const open = parseInteractive('slack', {
      type: 'block_actions',
      trigger_id: 't4',
      user: { id: 'U2' },
      actions: [{ action_id: 'opsbot_form_open', value: 'form-1' }],
    });
    expect(open).toEqual({
      events: [],
      effects: { openForm: { formId: 'form-1', triggerId: 't4', user: 'U2' } },
    });
  });

  it('a view submission reads values by element type and answers with errors keyed by block_id', () => {
    const parsed = parseInteractive('slack', {
      type: 'view_submission',
      trigger_id: 't5',
      user: { id: 'U1' },
      view: {
        id: 'V1',
        callback_id: 'opsbot_form',
        private_metadata: 'form-9',
        blocks: [{ type: 'section' }, { type: 'input', block_id: 'month' }],
        state: {
          values: {
            month: { month: { type: 'plain_text_input', value: '2026-11' } },
            day: { day: { type: 'datepicker', selected_date: '2026-11-02' } },
            at: { at: { type: 'timepicker', selected_time: '09:30' } },
            hours: { hours: { type: 'number_input', value: '7.5' } },
            kind: { kind: { type: 'static_select', selected_option: { value: 'a' } } },
            tags: {
              tags: { type: 'multi_static_select', selected_options: [{ value: 'x' }, { value: 'y' }] },
            },
            ok: { ok: { type: 'checkboxes', selected_options: [] } },
            note: { note: { type: 'plain_text_input', value: null } },
          },
        },
      },
    });
    expect(parsed.events).toEqual([
      {
        id: 'slack:view:t5',
        type: 'form',
        user: 'U1',
        replyTo: 'slack/user/U1',
        form: {
          formId: 'form-9',
          values: {
            month: '2026-11',
            day: '2026-11-02',
            at: '09:30',
            hours: '7.5',
            kind: 'a',
            tags: ['x', 'y'],
            ok: false,
          },
          answerWithinMs: 2500,
        },
      },
    ]);
    const reply = parsed.reply!;
    expect(
      reply(stored({ formId: 'form-9', values: {}, outcome: 'invalid', errors: { month: 'bad' } })),
    ).toEqual({
      response_action: 'errors',
      errors: { month: 'bad' },
    });
    expect(reply(stored({ formId: 'form-9', values: {}, outcome: 'accepted' }))).toBeUndefined();
    expect(reply(stored({ formId: 'form-9', values: {}, outcome: 'used' }))).toEqual({
      response_action: 'errors',
      errors: { month: '이미 제출된 양식입니다' },
    });
    const said = (outcome: 'expired' | 'not-found') =>
      (reply(stored({ formId: 'form-9', values: {}, outcome })) as { errors: Record<string, string> }).errors;
    expect(said('expired')).toEqual({ month: '만료된 양식입니다' });
    expect(said('not-found')).toEqual({ month: '양식을 찾을 수 없습니다' });
    // Someone else's modal: nothing to store, an empty ack.
    expect(parseInteractive('slack', { type: 'view_submission', view: { callback_id: 'other' } })).toEqual({
      events: [],
      effects: {},
    });
    const closed = parseInteractive('slack', {
      type: 'view_closed',
      user: { id: 'U1' },
      view: { id: 'V1', callback_id: 'opsbot_form', private_metadata: 'form-9' },
    });
    expect(closed.events).toEqual([
      { id: 'slack:closed:V1', type: 'form-closed', data: 'form-9', user: 'U1', replyTo: 'slack/user/U1' },
    ]);
  });

  it('Events API: url_verification, messages, mentions; bot posts and edits are left out', () => {
    expect(parseEventsApi('slack', { type: 'url_verification', challenge: 'abc' }).body).toEqual({
      challenge: 'abc',
    });
    const message = parseEventsApi('slack', {
      type: 'event_callback',
      event_id: 'Ev1',
      event: { type: 'message', text: 'hi', user: 'U1', channel: 'C1', ts: '1.1' },
    });
    expect(message.events).toEqual([
      {
        id: 'slack:event:Ev1',
        type: 'message',
        text: 'hi',
        user: 'U1',
        replyTo: 'slack/channel/C1',
        raw: { type: 'message', channel: 'C1', ts: '1.1', team_id: undefined },
      },
    ]);
    const mention = parseEventsApi('slack', {
      type: 'event_callback',
      event_id: 'Ev2',
      event: { type: 'app_mention', text: '<@U0BOT> 출근 체크', user: 'U1', channel: 'C1' },
    });
    expect(mention.events[0]?.text).toBe('출근 체크');
    for (const event of [
      { type: 'message', text: 'mine', bot_id: 'B1', channel: 'C1' },
      { type: 'message', subtype: 'message_changed', channel: 'C1' },
    ]) {
      expect(parseEventsApi('slack', { type: 'event_callback', event_id: 'Ev3', event }).events).toEqual([]);
    }
  });
});
