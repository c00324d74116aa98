import { describe, expect, it } from 'vitest';
import { buildStateValues, elementState } from './state-values.ts';

const opt = (value: string, text = value) => ({ text: { type: 'plain_text', text }, value });

describe('view.state.values', () => {
  it('uses the key each element type reports its value under', () => {
    expect(elementState({ type: 'number_input' }, '3')).toEqual({ type: 'number_input', value: '3' });
    expect(elementState({ type: 'timepicker' }, '09:30')).toEqual({
      type: 'timepicker',
      selected_time: '09:30',
    });
    expect(elementState({ type: 'datetimepicker' }, '1733356800')).toEqual({
      type: 'datetimepicker',
      selected_date_time: 1733356800,
    });
    expect(elementState({ type: 'radio_buttons', options: [opt('a', '가')] }, 'a')).toEqual({
      type: 'radio_buttons',
      selected_option: opt('a', '가'),
    });
    expect(
      elementState({ type: 'multi_static_select', option_groups: [{ options: [opt('x', '엑스')] }] }, ['x']),
    ).toEqual({
      type: 'multi_static_select',
      selected_options: [opt('x', '엑스')],
    });
    expect(elementState({ type: 'users_select' }, 'U01MINJUN')).toEqual({
      type: 'users_select',
      selected_user: 'U01MINJUN',
    });
    expect(elementState({ type: 'multi_users_select' }, ['U1', 'U2'])).toEqual({
      type: 'multi_users_select',
      selected_users: ['U1', 'U2'],
    });
    expect(elementState({ type: 'conversations_select' }, 'C1')).toEqual({
      type: 'conversations_select',
      selected_conversation: 'C1',
    });
    expect(elementState({ type: 'channels_select' }, 'C1')).toEqual({
      type: 'channels_select',
      selected_channel: 'C1',
    });
  });

  it('reports empty inputs with null values and skips non-input blocks', () => {
    const view = {
      blocks: [
        { type: 'input', block_id: 'a', element: { type: 'plain_text_input', action_id: 'x' } },
        {
          type: 'input',
          block_id: 'b',
          element: { type: 'static_select', action_id: 'y', options: [opt('1')] },
        },
        {
          type: 'input',
          block_id: 'c',
          element: { type: 'checkboxes', action_id: 'z', options: [opt('1')] },
        },
        { type: 'section', block_id: 'd', text: { type: 'mrkdwn', text: 'x' } },
      ],
    };
    expect(buildStateValues(view, { a: { x: 'typed' } })).toEqual({
      a: { x: { type: 'plain_text_input', value: 'typed' } },
      b: { y: { type: 'static_select', selected_option: null } },
      c: { z: { type: 'checkboxes', selected_options: [] } },
    });
  });
});
