import { afterEach, describe, expect, it } from 'vitest';
import { type Captured, createTestApp, type TestApp } from '../../src/sdk/testing/index.ts';
import dayPicker from './day-picker.ts';

const texts = (sent: Captured[]) => sent.map((s) => (s.message as { text: string }).text);

describe.each(['sqlite', 'postgres'] as const)('day-picker (opsbot/testing, %s database)', (db) => {
  let t: TestApp<unknown>;
  afterEach(() => t.stop());

  it('asks, re-asks on a bad day, confirms and saves the pick in its own database', async () => {
    t = createTestApp(dayPicker, { db });
    await t.start();
    expect(texts(await t.message('/tgday', { user: 'mina' }))).toEqual([
      '몇 일로 신청할까요? (1-31, 그만두려면 취소)',
    ]);
    expect(texts(await t.message('32', { user: 'mina' }))).toEqual([
      '1부터 31 사이의 숫자로 다시 입력하세요.',
    ]);
    expect(texts(await t.message(' 15 ', { user: 'mina' }))).toEqual(['15일로 신청할까요? (네/아니요)']);
    expect(texts(await t.message('글쎄요', { user: 'mina' }))).toEqual(['네 또는 아니요로 답해 주세요.']);
    expect(texts(await t.message('네', { user: 'mina' }))).toEqual(['15일로 신청했습니다.']);
    expect(await t.ctx.db.selectFrom('pick').select(['user', 'day']).execute()).toEqual([
      { user: 'mina', day: 15 },
    ]);
    // The dialog is over: the person's messages reach the commands again.
    expect(texts(await t.message('/mydays', { user: 'mina' }))).toEqual(['신청한 날: 15일']);
    expect(t.state.size).toBe(0);
  });

  it('the cancel word ends the dialog and nothing is saved', async () => {
    t = createTestApp(dayPicker, { db });
    await t.start();
    await t.message('/tgday', { user: 'mina' });
    expect(texts(await t.message('취소', { user: 'mina' }))).toEqual(['신청을 취소했습니다.']);
    expect(await t.ctx.db.selectFrom('pick').selectAll().execute()).toEqual([]);
    expect(texts(await t.message('/mydays', { user: 'mina' }))).toEqual(['신청한 날이 없습니다.']);
  });
});

describe('day-picker dialogs', () => {
  let t: TestApp<unknown>;
  afterEach(() => t.stop());

  it('gives up after 3 minutes without an answer and tells the person', async () => {
    t = createTestApp(dayPicker);
    await t.start();
    await t.message('/tgday', { user: 'mina' });
    expect(t.state.size).toBe(1);
    await t.clock.advance(2 * 60_000 + 59_000);
    expect(t.sent).toHaveLength(1);
    await t.clock.advance(1_000);
    expect(texts(t.sent)).toEqual([
      '몇 일로 신청할까요? (1-31, 그만두려면 취소)',
      '답이 없어 신청을 마쳤습니다. 다시 하려면 /tgday 를 입력하세요.',
    ]);
    expect(t.state.size).toBe(0);
    // A late answer is an ordinary message again: no command, so no reply.
    expect(await t.message('15', { user: 'mina' })).toEqual([]);
  });

  it('each question gets the full time again, and "no" saves nothing', async () => {
    t = createTestApp(dayPicker);
    await t.start();
    await t.message('/tgday', { user: 'mina' });
    await t.clock.advance(2 * 60_000);
    await t.message('7', { user: 'mina' });
    await t.clock.advance(2 * 60_000);
    expect(texts(await t.message('아니요', { user: 'mina' }))).toEqual(['신청하지 않았습니다.']);
    expect(await t.ctx.db.selectFrom('pick').selectAll().execute()).toEqual([]);
  });

  it('after a restart, a person whose question was waiting is told to start again', async () => {
    t = createTestApp(dayPicker);
    await t.start();
    await t.message('/tgday', { user: 'mina', replyTo: 'sandbox/dm/mina' });
    const restarted = createTestApp(dayPicker, { state: t.state });
    await restarted.start();
    expect(restarted.sent).toEqual([
      {
        target: 'sandbox/dm/mina',
        kind: 'portable',
        message: { text: '봇이 다시 시작되어 신청이 중단되었습니다. /tgday 로 다시 시작해 주세요.' },
      },
    ]);
    expect(t.state.size).toBe(0);
    expect(await restarted.message('15', { user: 'mina', replyTo: 'sandbox/dm/mina' })).toEqual([]);
    await restarted.stop();
  });

  it('keeps two people in the same room apart, and other rooms untouched', async () => {
    t = createTestApp(dayPicker);
    await t.start();
    await t.message('/tgday', { user: 'mina' });
    await t.message('/tgday', { user: 'joon' });
    expect(texts(await t.message('3', { user: 'joon' }))).toEqual(['3일로 신청할까요? (네/아니요)']);
    expect(texts(await t.message('/mydays', { user: 'mina', replyTo: 'sandbox/channel/other' }))).toEqual([
      '신청한 날이 없습니다.',
    ]);
    expect(texts(await t.message('20', { user: 'mina' }))).toEqual(['20일로 신청할까요? (네/아니요)']);
    expect(texts(await t.message('maybe', { user: 'joon' }))).toEqual(['네 또는 아니요로 답해 주세요.']);
    expect(texts(await t.message('네', { user: 'joon' }))).toEqual(['3일로 신청했습니다.']);
    expect(texts(await t.message('네', { user: 'mina' }))).toEqual(['20일로 신청했습니다.']);
    const rows = await t.ctx.db.selectFrom('pick').select(['user', 'day']).orderBy('user').execute();
    expect(rows).toEqual([
      { user: 'joon', day: 3 },
      { user: 'mina', day: 20 },
    ]);
  });
});
