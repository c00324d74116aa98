import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/wait-for.ts';
import { MINA, startWebexRig, type WebexRig } from './test-harness.ts';

/**
 * Card forms end to end: the connector posts an Adaptive Card, the emulator (as a Webex client)
 * submits it with the Action.Submit data, and the gateway hands the submit to the form service.
 */

const FORM = {
  title: '티지데이 등록',
  fields: [
    { name: 'day', type: 'date' as const, label: '날짜', required: true },
    {
      name: 'tags',
      type: 'multi-select' as const,
      label: '구분',
      choices: [
        { value: 'am', label: '오전' },
        { value: 'pm', label: '오후' },
      ],
    },
    { name: 'agree', type: 'checkbox' as const, label: '확인' },
  ],
};

let rig: WebexRig;
afterEach(async () => {
  await rig?.close();
});

async function cardFor(rig: WebexRig) {
  const room = rig.emu.directRoom(MINA);
  const delivery = await rig.sendForm(`webex/room/${room.id}`, FORM);
  const message = rig.emu.messagesIn(room.id).at(-1)!;
  return { room, delivery, message };
}

describe('webex card forms', () => {
  it("validate's errors come back as a message in the room; a corrected submit is accepted", async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    await rig.connector.setup!();
    const { room, delivery, message } = await cardFor(rig);
    expect(message.markdown).toBe('**티지데이 등록**');

    rig.app.validate = (s) => (s.values['day'] === '2020-01-01' ? { day: '지난 날짜입니다' } : null);
    const refused = await rig.emu.submitCard({
      from: MINA,
      messageId: message.id,
      inputs: { day: '2020-01-01', tags: 'am,pm', agree: 'true' },
    });
    expect(refused.deliveries.map((d) => d.status)).toEqual([200]);
    await waitFor('the error message', () => rig.emu.messagesIn(room.id).length === 2);
    expect(rig.emu.messagesIn(room.id)[1]?.text).toBe('입력한 값을 확인해 주세요.\n- day: 지난 날짜입니다');
    expect(rig.app.received).toEqual([]);

    const taken = await rig.emu.submitCard({
      from: MINA,
      messageId: message.id,
      inputs: { day: '2026-12-24', tags: 'am,pm', agree: 'true' },
    });
    expect(taken.deliveries.map((d) => d.status)).toEqual([200]);
    await waitFor('the answer', () => rig.app.received.length === 1);
    expect(rig.app.received.map((s) => [s.formId, s.user, s.values])).toEqual([
      [delivery.formId, MINA, { day: '2026-12-24', tags: ['am', 'pm'], agree: true }],
    ]);
    const forms = rig.routed.filter((e) => e.type === 'form');
    expect(forms.map((e) => [e.id, e.user, e.replyTo, e.form?.outcome])).toEqual([
      [`webex:action:${refused.action.id}`, MINA, `webex/room/${room.id}`, 'invalid'],
      [`webex:action:${taken.action.id}`, MINA, `webex/room/${room.id}`, 'accepted'],
    ]);

    await rig.emu.submitCard({
      from: MINA,
      messageId: message.id,
      inputs: { day: '2026-12-25' },
    });
    await waitFor('the used notice', () => rig.emu.messagesIn(room.id).length === 3);
    expect(rig.emu.messagesIn(room.id)[2]?.text).toBe('이미 제출된 양식입니다.');
    expect(rig.app.received).toHaveLength(1);
  });

  it('a built-in check (required) is reported the same way', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    await rig.connector.setup!();
    const { room, message } = await cardFor(rig);
    await rig.emu.submitCard({ from: MINA, messageId: message.id, inputs: { day: '' } });
    await waitFor('the error message', () => rig.emu.messagesIn(room.id).length === 2);
    expect(rig.emu.messagesIn(room.id)[1]?.text).toBe('입력한 값을 확인해 주세요.\n- day: 필수 항목입니다.');
  });

  it('a card that is not one of our forms is an action event with its inputs as data', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    await rig.connector.setup!();
    const room = rig.emu.directRoom(MINA);
    const card = {
      type: 'AdaptiveCard',
      version: '1.3',
      body: [{ type: 'Input.Text', id: 'q' }],
      actions: [{ type: 'Action.Submit', title: '확인', data: { choice: 'yes' } }],
    };
    await rig.connector.send!(
      `room/${room.id}`,
      {
        kind: 'native',
        body: {
          markdown: '고르세요',
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
        },
      },
      { idempotencyKey: 'n1', attempt: 1 },
    );
    const message = rig.emu.messagesIn(room.id).at(-1)!;
    const { action } = await rig.emu.submitCard({
      from: MINA,
      messageId: message.id,
      inputs: { q: '네' },
    });
    await waitFor('routing', () => rig.routed.length === 1);
    const { inboxId: _i, receivedAt: _r, ...event } = rig.routed[0]!;
    expect(event).toEqual({
      id: `webex:action:${action.id}`,
      connection: 'webex',
      type: 'action',
      data: JSON.stringify({ q: '네', choice: 'yes' }),
      user: MINA,
      replyTo: `webex/room/${room.id}`,
      raw: { messageId: message.id, personId: rig.emu.person(MINA).id },
    });
  });

  it('a form sent with a page url is a 양식 열기 link, not a card', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    const room = rig.emu.directRoom(MINA);
    await rig.connector.send!(
      `room/${room.id}`,
      {
        kind: 'form',
        form: { formId: 'f1', form: FORM, url: 'https://bot.example.com/forms/tok', expiresAt: 0 },
      },
      { idempotencyKey: 'f1', attempt: 1 },
    );
    const [message] = rig.emu.messagesIn(room.id);
    expect([message?.markdown, message?.attachments]).toEqual([
      '**티지데이 등록**\n\n[양식 열기](https://bot.example.com/forms/tok)',
      [],
    ]);
  });
});
