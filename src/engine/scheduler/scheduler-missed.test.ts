import { describe, expect, it } from 'vitest';
import { createHarness, iso, job } from './harness.ts';

describe('Scheduler missed runs on start', () => {
  it("missed 'once' runs once for the latest missed occurrence, then keeps the schedule", async () => {
    const h = createHarness({ start: '2026-01-05T07:20:00Z', history: { hourly: '2026-01-05T03:00:00Z' } });
    h.scheduler.set([job('hourly', '0 * * * *', { missed: 'once' })]);
    await h.scheduler.start();
    await h.clock.advance(0);
    expect(h.fired).toEqual([
      {
        id: 'hourly',
        scheduledAt: '2026-01-05T07:00:00Z',
        trigger: 'missed',
        firedAt: '2026-01-05T07:20:00Z',
      },
    ]);
    await h.clock.advanceTo('2026-01-05T08:00:00Z');
    expect(h.fired[1]).toMatchObject({ scheduledAt: '2026-01-05T08:00:00Z', trigger: 'schedule' });
    expect(h.fired).toHaveLength(2);
  });

  it("missed 'skip' runs nothing and does not read history", async () => {
    const h = createHarness({ start: '2026-01-05T07:20:00Z', history: { hourly: '2026-01-05T03:00:00Z' } });
    h.scheduler.set([job('hourly', '0 * * * *', { missed: 'skip' })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T07:59:59Z');
    expect(h.fired).toEqual([]);
    expect(h.historyAsked).toEqual([]);
  });

  it('a job without history, or with nothing missed, does not catch up', async () => {
    const h = createHarness({ start: '2026-01-05T07:20:00Z', history: { current: '2026-01-05T07:00:00Z' } });
    h.scheduler.set([
      job('new', '0 * * * *', { missed: 'once' }),
      job('current', '0 * * * *', { missed: 'once' }),
    ]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T07:59:59Z');
    expect(h.fired).toEqual([]);
    expect(h.historyAsked.sort()).toEqual(['current', 'new']);
  });

  it('passes over missed occurrences on closed days', async () => {
    // Down from Thursday 09:00 to Sunday noon: Friday is the latest open occurrence.
    const h = createHarness({ start: '2026-01-11T12:00:00Z', history: { weekdays: '2026-01-08T09:00:00Z' } });
    h.scheduler.set([job('weekdays', '0 9 * * *', { missed: 'once', skip: ['weekends'] })]);
    await h.scheduler.start();
    await h.clock.advance(0);
    expect(h.fired.map((f) => [f.scheduledAt, f.trigger])).toEqual([['2026-01-09T09:00:00Z', 'missed']]);
  });

  it('runs nothing when every missed occurrence is on a closed day', async () => {
    const h = createHarness({ start: '2026-01-11T12:00:00Z', history: { weekdays: '2026-01-09T09:00:00Z' } });
    h.scheduler.set([job('weekdays', '0 9 * * *', { missed: 'once', skip: ['weekends'] })]);
    await h.scheduler.start();
    await h.clock.advance(0);
    expect(h.fired).toEqual([]);
    expect(iso(h.scheduler.nextRun('weekdays')!)).toBe('2026-01-12T09:00:00Z');
  });

  it('finds the latest missed occurrence of a frequent job after a long downtime', async () => {
    const h = createHarness({ start: '2026-01-12T10:00:00.500Z', history: { fast: '2026-01-05T00:00:00Z' } });
    h.scheduler.set([job('fast', '*/5 * * * * *', { missed: 'once', timezone: 'America/New_York' })]);
    await h.scheduler.start();
    await h.clock.advance(0);
    expect(h.fired.map((f) => [f.scheduledAt, f.trigger])).toEqual([['2026-01-12T10:00:00Z', 'missed']]);
  });

  it('logs a failing history lookup and still arms the timer', async () => {
    const h = createHarness({
      start: '2026-01-05T07:20:00Z',
      history: () => Promise.reject(new Error('store closed')),
    });
    h.scheduler.set([job('hourly', '0 * * * *', { missed: 'once' })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T08:00:00Z');
    expect(h.fired.map((f) => f.trigger)).toEqual(['schedule']);
    expect(
      h.lines.some((l) => l.msg.startsWith('reading run history failed') && l['err'] === 'store closed'),
    ).toBe(true);
  });
});
