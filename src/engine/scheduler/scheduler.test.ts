import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { CalendarRegistry } from '../calendars/registry.ts';
import { at, captureLog, createHarness, deferred, iso, job } from './harness.ts';

const scheduledTimes = (runs: Array<{ scheduledAt: string }>) => runs.map((r) => r.scheduledAt);

describe('Scheduler firing', () => {
  it('fires a 5-field cron exactly at each occurrence, without drift', async () => {
    const h = createHarness({ start: '2026-01-05T00:00:00Z' });
    h.scheduler.set([job('report', '*/15 * * * *')]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T01:00:00Z');
    expect(h.fired).toEqual(
      ['00:15', '00:30', '00:45', '01:00'].map((t) => ({
        id: 'report',
        scheduledAt: `2026-01-05T${t}:00Z`,
        trigger: 'schedule',
        firedAt: `2026-01-05T${t}:00Z`,
      })),
    );
  });

  it('fires a 6-field cron (seconds first)', async () => {
    const h = createHarness({ start: '2026-01-05T00:00:00Z' });
    h.scheduler.set([job('poll', '*/10 * * * * *')]);
    await h.scheduler.start();
    await h.clock.advance(60_000);
    expect(scheduledTimes(h.fired)).toEqual(
      ['10', '20', '30', '40', '50'].map((s) => `2026-01-05T00:00:${s}Z`).concat('2026-01-05T00:01:00Z'),
    );
  });

  it('reads the cron in the job timezone: 07:30 Asia/Seoul is 22:30Z the previous day', async () => {
    const h = createHarness({ start: '2026-01-05T00:00:00Z' });
    h.scheduler.set([job('kr', '30 7 * * *', { timezone: 'Asia/Seoul' })]);
    await h.scheduler.start();
    expect(iso(h.scheduler.nextRun('kr')!)).toBe('2026-01-05T22:30:00Z');
    await h.clock.advanceTo('2026-01-07T00:00:00Z');
    expect(scheduledTimes(h.fired)).toEqual(['2026-01-05T22:30:00Z', '2026-01-06T22:30:00Z']);
  });

  it('keeps firing after a run rejects or throws, and logs the failure', async () => {
    let calls = 0;
    const h = createHarness({
      start: '2026-01-05T00:00:00Z',
      run: () => {
        calls++;
        if (calls === 1) return Promise.reject(new Error('app crashed'));
        if (calls === 2) throw new Error('thrown synchronously');
      },
    });
    h.scheduler.set([job('flaky', '* * * * *')]);
    await h.scheduler.start();
    await h.clock.advance(3 * 60_000);
    expect(h.fired).toHaveLength(3);
    expect(h.scheduler.running('flaky')).toBe(0);
    const failures = h.lines.filter((l) => l.msg === 'scheduled run failed');
    expect(failures.map((l) => l['err'])).toEqual(['app crashed', 'thrown synchronously']);
  });

  it('fires a timer that ran early only when the occurrence is due', async () => {
    const inner = new FakeClock('2026-01-05T00:00:00Z');
    let early = 0;
    // A clock whose next timer runs `early` ms too soon, as a wall-clock step back would cause.
    const clock = Object.assign(Object.create(inner) as FakeClock, {
      setTimer: (fn: () => void, ms: number) => {
        const cancel = inner.setTimer(fn, ms - early);
        early = 0;
        return cancel;
      },
    });
    const h = createHarness({ start: '2026-01-05T00:00:00Z', clock });
    h.scheduler.set([job('minutely', '* * * * *')]);
    early = 20_000;
    await h.scheduler.start();
    await inner.advanceTo('2026-01-05T00:00:50Z');
    expect(h.fired).toEqual([]);
    await inner.advanceTo('2026-01-05T00:01:00Z');
    expect(h.fired).toEqual([
      {
        id: 'minutely',
        scheduledAt: '2026-01-05T00:01:00Z',
        trigger: 'schedule',
        firedAt: '2026-01-05T00:01:00Z',
      },
    ]);
  });

  it('runs only the latest due occurrence when a timer fires very late', async () => {
    const inner = new FakeClock('2026-01-05T00:00:00Z');
    let late = 0;
    const clock = Object.assign(Object.create(inner) as FakeClock, {
      setTimer: (fn: () => void, ms: number) => {
        const cancel = inner.setTimer(fn, ms + late);
        late = 0;
        return cancel;
      },
    });
    const h = createHarness({ start: '2026-01-05T00:00:00Z', clock });
    h.scheduler.set([job('minutely', '* * * * *')]);
    await h.scheduler.start();
    late = 150_000; // the timer for 00:02 runs at 00:04:30 (a suspended laptop, a blocked loop)
    await inner.advanceTo('2026-01-05T00:05:00Z');
    expect(h.fired.map((f) => [f.scheduledAt, f.firedAt])).toEqual([
      ['2026-01-05T00:01:00Z', '2026-01-05T00:01:00Z'],
      ['2026-01-05T00:04:00Z', '2026-01-05T00:04:30Z'],
      ['2026-01-05T00:05:00Z', '2026-01-05T00:05:00Z'],
    ]);
    expect(h.lines.find((l) => l.msg.startsWith('timer fired late'))).toMatchObject({ passed: 2 });
  });
});

describe('Scheduler calendars', () => {
  it('skips closed days in the job timezone: Friday fires, Saturday and Sunday skipped, Monday fires', async () => {
    // 07:30 in Seoul is 22:30Z the day before, so judging by the UTC date would skip the wrong days.
    const h = createHarness({ start: '2026-01-08T12:00:00Z' });
    h.scheduler.set([job('kr', '30 7 * * *', { timezone: 'Asia/Seoul', skip: ['weekends'] })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-12T12:00:00Z');
    expect(scheduledTimes(h.fired)).toEqual(['2026-01-08T22:30:00Z', '2026-01-11T22:30:00Z']); // Fri 9, Mon 12
    expect(h.skipped).toEqual([
      { id: 'kr', scheduledAt: '2026-01-09T22:30:00Z', reason: 'closed: weekends' },
      { id: 'kr', scheduledAt: '2026-01-10T22:30:00Z', reason: 'closed: weekends' },
    ]);
  });

  it('runs on unknown holiday calendars and warns once per name', async () => {
    const { log, lines } = captureLog();
    const h = createHarness({ start: '2026-01-05T00:00:00Z', calendars: new CalendarRegistry({ log }) });
    h.scheduler.set([job('krx', '0 9 * * *', { skip: ['weekends', 'holidays:XKRX'] })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-08T00:00:00Z');
    expect(h.fired).toHaveLength(3);
    expect(h.skipped).toEqual([]);
    const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings).toEqual(['no holiday data for XKRX yet; runs are not skipped']);
  });

  it('reports a day closed by a registered holiday provider', async () => {
    const calendars = new CalendarRegistry({ log: silentLogger() });
    calendars.register({
      knows: (name) => name === 'holidays:XKRX',
      isClosed: async (_name, date) => date === '2026-01-06',
    });
    const h = createHarness({ start: '2026-01-05T00:00:00Z', calendars });
    h.scheduler.set([job('krx', '0 9 * * *', { skip: ['weekends', 'holidays:XKRX'] })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-08T00:00:00Z');
    expect(scheduledTimes(h.fired)).toEqual(['2026-01-05T09:00:00Z', '2026-01-07T09:00:00Z']);
    expect(h.skipped).toEqual([
      { id: 'krx', scheduledAt: '2026-01-06T09:00:00Z', reason: 'closed: holidays:XKRX' },
    ]);
  });

  it('counts a calendar that fails as open and logs it', async () => {
    const h = createHarness({
      start: '2026-01-05T00:00:00Z',
      calendars: { knows: () => true, isClosed: () => Promise.reject(new Error('db down')) },
    });
    h.scheduler.set([job('a', '0 9 * * *', { skip: ['weekends'] })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T10:00:00Z');
    expect(h.fired).toHaveLength(1);
    expect(h.lines.some((l) => l.msg.startsWith('calendar lookup failed') && l['err'] === 'db down')).toBe(
      true,
    );
  });

  it('nextRun passes over closed days', async () => {
    const h = createHarness({ start: '2026-01-09T10:00:00Z' }); // Friday after the run
    h.scheduler.set([job('weekdays', '0 9 * * *', { skip: ['weekends'] }), job('daily', '0 9 * * *')]);
    await h.scheduler.start();
    await h.clock.advance(0);
    expect(iso(h.scheduler.nextRun('weekdays')!)).toBe('2026-01-12T09:00:00Z');
    expect(iso(h.scheduler.nextRun('daily')!)).toBe('2026-01-10T09:00:00Z');
    expect(h.scheduler.nextRun('nope')).toBeUndefined();
    await h.scheduler.stop();
    expect(h.scheduler.nextRun('daily')).toBeUndefined();
  });
});

describe('Scheduler overlap', () => {
  function held() {
    const runs: Array<ReturnType<typeof deferred>> = [];
    return {
      runs,
      run: () => {
        const d = deferred();
        runs.push(d);
        return d.promise;
      },
    };
  }

  it('skip: an occurrence during a run is reported and not run', async () => {
    const runs = held();
    const h = createHarness({ start: '2026-01-05T00:00:00Z', run: runs.run });
    h.scheduler.set([job('slow', '* * * * *', { overlap: 'skip' })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T00:02:00Z');
    expect(h.scheduler.running('slow')).toBe(1);
    expect(scheduledTimes(h.fired)).toEqual(['2026-01-05T00:01:00Z']);
    expect(h.skipped).toEqual([{ id: 'slow', scheduledAt: '2026-01-05T00:02:00Z', reason: 'overlap' }]);
    runs.runs[0]!.resolve();
    await h.clock.advanceTo('2026-01-05T00:03:00Z');
    expect(scheduledTimes(h.fired)).toEqual(['2026-01-05T00:01:00Z', '2026-01-05T00:03:00Z']);
  });

  it('queue: one occurrence waits for the run to end, further ones are skipped', async () => {
    const runs = held();
    const h = createHarness({ start: '2026-01-05T00:00:00Z', run: runs.run });
    h.scheduler.set([job('slow', '* * * * *', { overlap: 'queue' })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T00:03:00Z');
    expect(scheduledTimes(h.fired)).toEqual(['2026-01-05T00:01:00Z']);
    expect(h.skipped).toEqual([{ id: 'slow', scheduledAt: '2026-01-05T00:03:00Z', reason: 'overlap' }]);
    await h.clock.advanceTo('2026-01-05T00:03:20Z');
    runs.runs[0]!.resolve();
    await h.clock.advance(0);
    expect(h.fired[1]).toEqual({
      id: 'slow',
      scheduledAt: '2026-01-05T00:02:00Z',
      trigger: 'schedule',
      firedAt: '2026-01-05T00:03:20Z',
    });
    expect(h.scheduler.running('slow')).toBe(1);
  });

  it('allow: occurrences run concurrently', async () => {
    const runs = held();
    const h = createHarness({ start: '2026-01-05T00:00:00Z', run: runs.run });
    h.scheduler.set([job('slow', '* * * * *', { overlap: 'allow' })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T00:03:00Z');
    expect(h.fired).toHaveLength(3);
    expect(h.scheduler.running('slow')).toBe(3);
    for (const run of runs.runs) run.resolve();
    await h.scheduler.idle();
    expect(h.scheduler.running('slow')).toBe(0);
  });
});

describe('Scheduler.set and stop', () => {
  it('keeps an unchanged job armed and counting its run in flight', async () => {
    const run = deferred();
    const h = createHarness({ start: '2026-01-05T00:00:00Z', run: () => run.promise });
    h.scheduler.set([job('a', '*/2 * * * *')]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T00:02:00Z');
    h.scheduler.set([job('a', '*/2 * * * *'), job('b', '0 * * * *')]);
    expect(h.scheduler.running('a')).toBe(1);
    expect(iso(h.scheduler.nextRun('a')!)).toBe('2026-01-05T00:04:00Z');
    await h.clock.advanceTo('2026-01-05T01:00:00Z');
    expect(h.skipped.filter((s) => s.id === 'a')).toHaveLength(29); // still in flight: overlap skip
    expect(h.fired.filter((f) => f.id === 'b')).toHaveLength(1); // added while running
  });

  it('re-arms a changed job and stops a removed one, leaving its run alone', async () => {
    const run = deferred();
    const h = createHarness({
      start: '2026-01-05T00:00:00Z',
      run: (j) => (j.id === 'gone' ? run.promise : undefined),
    });
    h.scheduler.set([job('changed', '0 * * * *'), job('gone', '* * * * *')]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T00:01:00Z');
    h.scheduler.set([job('changed', '30 * * * *', { timezone: 'Asia/Kolkata' })]);
    expect(iso(h.scheduler.nextRun('changed')!)).toBe('2026-01-05T01:00:00Z'); // xx:30 in UTC+5:30
    expect(h.scheduler.nextRun('gone')).toBeUndefined();
    expect(h.clock.pendingTimers()).toBe(1);
    await h.clock.advanceTo('2026-01-05T02:00:00Z');
    expect(h.fired.map((f) => `${f.id} ${f.scheduledAt}`)).toEqual([
      'gone 2026-01-05T00:01:00Z',
      'changed 2026-01-05T01:00:00Z',
      'changed 2026-01-05T02:00:00Z',
    ]);
    expect(h.scheduler.running('gone')).toBe(1);
    run.resolve();
    await h.scheduler.idle();
    expect(h.scheduler.running('gone')).toBe(0);
  });

  it('logs an invalid job and schedules the others', async () => {
    const h = createHarness({ start: '2026-01-05T00:00:00Z' });
    h.scheduler.set([
      job('bad', '61 * * * *'),
      job('badzone', '0 * * * *', { timezone: 'Nowhere/City' }),
      job('ok', '0 * * * *'),
    ]);
    await h.scheduler.start();
    expect(h.scheduler.nextRun('bad')).toBeUndefined();
    expect(h.scheduler.nextRun('badzone')).toBeUndefined();
    expect(iso(h.scheduler.nextRun('ok')!)).toBe('2026-01-05T01:00:00Z');
    expect(
      h.lines.filter((l) => l.msg === 'invalid schedule; job not scheduled').map((l) => l['job']),
    ).toEqual(['bad', 'badzone']);
  });

  it('stop cancels timers and the queued occurrence; nothing fires afterwards', async () => {
    const run = deferred();
    const h = createHarness({ start: '2026-01-05T00:00:00Z', run: () => run.promise });
    h.scheduler.set([job('q', '* * * * *', { overlap: 'queue' })]);
    await h.scheduler.start();
    await h.clock.advanceTo('2026-01-05T00:02:00Z');
    await h.scheduler.stop();
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.skipped).toEqual([{ id: 'q', scheduledAt: '2026-01-05T00:02:00Z', reason: 'cancelled' }]);
    run.resolve();
    await h.clock.advanceTo('2026-01-05T00:10:00Z');
    expect(h.fired).toHaveLength(1);
    expect(at(h.fired[0]!.scheduledAt)).toBe(at('2026-01-05T00:01:00Z'));
  });
});
