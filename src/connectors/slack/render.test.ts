import { describe, expect, it } from 'vitest';
import { renderModal, renderOpenButton } from './modal.ts';
import { renderMessage } from './render.ts';

// Loose JSON for reading nested view blocks in assertions.
// biome-ignore lint/suspicious/noExplicitAny: test-only access into arbitrary block JSON
type Json = any;

describe('slack rendering', () => {
  it('a portable message becomes header, section, fields and link buttons, with a fallback text', () => {
    const out = renderMessage({
      title: '배포 완료',
      text: 'a < b & c',
      fields: [{ name: 'env', value: 'prod' }],
      links: [{ label: 'Open', url: 'https://example.com/x' }],
    });
    expect(out).toEqual({
      text: '배포 완료\na < b & c',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '배포 완료', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: 'a &lt; b &amp; c' } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*env*\nprod' }] },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'link_0',
              text: { type: 'plain_text', text: 'Open', emoji: true },
              url: 'https://example.com/x',
            },
          ],
        },
      ],
    });
  });

  it('severity puts the blocks in one coloured attachment; limits are kept visibly', () => {
    const fields = Array.from({ length: 600 }, (_, i) => ({ name: `f${i}`, value: String(i) }));
    const out = renderMessage({ text: 'x'.repeat(5000), severity: 'error', fields });
    expect(out.blocks).toBeUndefined();
    const attachment = out.attachments?.[0];
    expect(attachment?.color).toBe('#DC2626');
    const blocks = attachment?.blocks ?? [];
    expect(blocks).toHaveLength(50);
    const section = blocks[0] as { text: { text: string } };
    expect([...section.text.text]).toHaveLength(3000);
    expect(section.text.text.endsWith('…')).toBe(true);
    expect((blocks[1] as { fields: unknown[] }).fields).toHaveLength(10);
    expect(blocks[49]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… 12 more not shown' }],
    });
    expect(out.text).toHaveLength(3000);
  });

  it('a form becomes a modal whose input block_id and action_id are the field names', () => {
    const view = renderModal({
      formId: 'f-1',
      expiresAt: 0,
      form: {
        title: 'A very long attendance form title',
        text: 'Fill in',
        fields: [
          { name: 'month', type: 'month', label: 'Month', required: true },
          { name: 'start', type: 'time', label: 'Start', default: '09:00' },
          { name: 'hours', type: 'number', label: 'Hours' },
          {
            name: 'kind',
            type: 'select',
            label: 'Kind',
            choices: [{ value: 'a', label: 'A' }],
            default: 'a',
          },
          { name: 'ok', type: 'checkbox', label: 'OK', default: true },
          { name: 'password', type: 'secret', label: 'Password', hint: 'not stored' },
        ],
      },
    });
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'opsbot_form',
      private_metadata: 'f-1',
      title: { type: 'plain_text', text: 'A very long attendance …' },
      submit: { type: 'plain_text', text: '제출' },
      close: { type: 'plain_text', text: '취소' },
      notify_on_close: true,
    });
    const blocks = view['blocks'] as Array<Record<string, Json>>;
    expect(blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Fill in' } });
    const inputs = blocks.slice(1);
    expect(
      inputs.map((b) => [b['block_id'], b['element']['action_id'], b['element']['type'], b['optional']]),
    ).toEqual([
      ['month', 'month', 'plain_text_input', false],
      ['start', 'start', 'timepicker', true],
      ['hours', 'hours', 'number_input', true],
      ['kind', 'kind', 'static_select', true],
      ['ok', 'ok', 'checkboxes', true],
      ['password', 'password', 'plain_text_input', true],
    ]);
    expect(inputs[0]?.['element']['placeholder']['text']).toBe('YYYY-MM');
    expect(inputs[1]?.['element']['initial_time']).toBe('09:00');
    expect(inputs[2]?.['element']['is_decimal_allowed']).toBe(true);
    expect(inputs[3]?.['element']['initial_option']['value']).toBe('a');
    expect(inputs[4]?.['element']['initial_options']).toHaveLength(1);
    expect(inputs[5]?.['hint']['text']).toBe('not stored');
  });

  it('a form that cannot open at once is a 양식 열기 button carrying the form id', () => {
    const out = renderOpenButton({ formId: 'f-2', expiresAt: 0, form: { title: 'T', fields: [] } });
    expect(out.blocks?.[1]).toMatchObject({
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'opsbot_form_open', value: 'f-2', text: { text: '양식 열기' } },
      ],
    });
  });
});
