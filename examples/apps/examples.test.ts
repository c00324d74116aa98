import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../src/sdk/testing/index.ts';
import alertRelay from './alert-relay.ts';
import echoBot from './echo-bot.ts';
import heartbeat from './heartbeat.ts';
import pickDay from './pick-day.ts';

describe('example apps (through opsbot/testing)', () => {
  it('heartbeat counts its beats in the store', async () => {
    const t = createTestApp(heartbeat, { options: { target: 'ops' }, now: '2026-03-02T00:00:00Z' });
    await t.run();
    await t.run();
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]).toMatchObject({
      target: 'ops',
      kind: 'portable',
      message: { text: 'opsbot is alive (beat #2)' },
    });
    expect(t.state.get('beats')).toBe(2);
  });

  it('echo-bot answers commands and ignores other chatter', async () => {
    const t = createTestApp(echoBot);
    await t.start();
    expect((await t.message('/echo hello world')).map((s) => s.message)).toEqual([{ text: 'hello world' }]);
    expect((await t.message('/count', { user: 'mina' })).map((s) => s.message)).toEqual([
      { text: 'mina, I have echoed 1 message(s).' },
    ]);
    expect(await t.message('good morning')).toEqual([]);
  });

  it('alert-relay checks the token and the body', async () => {
    const t = createTestApp(alertRelay, { options: { target: 'ops', token: 'secret-token' } });
    await t.start();
    const auth = { authorization: 'Bearer secret-token' };
    expect(await t.request('POST', '/alerts', { body: { title: 'x' } })).toMatchObject({ status: 401 });
    expect(await t.request('POST', '/alerts', { body: { text: 'no title' }, headers: auth })).toMatchObject({
      status: 400,
    });
    expect(t.sent).toHaveLength(0);
    const accepted = await t.request('POST', '/alerts', {
      body: { title: 'Disk full', text: '/var at 97%', severity: 'error', source: 'db-1' },
      headers: auth,
    });
    expect(accepted).toEqual({ status: 202, body: { queued: 1 } });
    expect(t.sent[0]?.message).toEqual({
      title: 'Disk full',
      text: '/var at 97%',
      severity: 'error',
      fields: [{ name: 'source', value: 'db-1' }],
    });
    expect(await t.request('GET', '/nope')).toBeNull();
  });

  it('pick-day asks with a form, refuses a past day beside the field, and books a future one', async () => {
    const t = createTestApp(pickDay, { now: '2026-03-02T03:00:00Z' });
    await t.start();
    expect(await t.message('/pick', { user: 'mina', replyTo: 'sandbox/channel/general' })).toEqual([]);
    expect(t.forms).toHaveLength(1);
    expect(t.forms[0]).toMatchObject({ target: 'sandbox/channel/general', key: 'pick', user: 'mina' });
    expect(t.forms[0]?.form.fields.map((f) => f.name)).toEqual(['day', 'slot', 'note', 'password']);
    const past = await t.answerForm({ day: '2026-03-01', slot: 'am', password: 'pw-1234' });
    expect(past.errors).toEqual({ day: '오늘 이후의 날짜를 고르세요.' });
    const ok = await t.answerForm({ day: '2026-03-10', slot: 'pm', password: 'pw-1234' });
    expect(ok.errors).toBeNull();
    expect(ok.replies.map((r) => r.message)).toEqual([
      { title: '예약 완료', text: 'mina님, 2026-03-10 오후 근무로 예약했습니다.', severity: 'success' },
    ]);
    expect(JSON.stringify(t.state.get('pick:mina'))).not.toContain('pw-1234');
  });
});
