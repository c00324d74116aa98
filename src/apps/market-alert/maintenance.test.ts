import { Cron } from 'croner';
import { defineApp } from 'opsbot';
import { describe, expect, it } from 'vitest';
import { createTestApp, FakeClock } from '../../sdk/testing/index.ts';
import { type HeldWindow, Maintenance, openAt } from './maintenance.ts';
import { optionsSchema } from './options.ts';
import type { Alert } from './rules.ts';

let seq = 0;
const alert = (text: string, over: Partial<Alert> = {}): Alert => ({
  seq: ++seq,
  via: 'fep',
  ip: '10.0.0.1',
  source: 'fep-a',
  known: true,
  type: 'market',
  severity: 'warning',
  text,
  receivedAt: 0,
  ...over,
});

const at = (iso: string) => Date.parse(iso);
const memoryStore = () => createTestApp(defineApp({})).ctx.store;

describe('openAt', () => {
  const cron = new Cron('0 2 * * *', { timezone: 'Asia/Seoul', paused: true });
  it('finds the window around an instant: [02:00, 02:30) Seoul', () => {
    const thirty = 30 * 60_000;
    expect(openAt(cron, thirty, at('2026-01-05T02:00:00+09:00'))).toEqual({
      start: at('2026-01-05T02:00:00+09:00'),
      end: at('2026-01-05T02:30:00+09:00'),
    });
    expect(openAt(cron, thirty, at('2026-01-05T02:29:59+09:00'))).not.toBeNull();
    expect(openAt(cron, thirty, at('2026-01-05T02:30:00+09:00'))).toBeNull();
    expect(openAt(cron, thirty, at('2026-01-05T01:59:59+09:00'))).toBeNull();
  });
});

function setup(specs: unknown[], now: string, store = memoryStore()) {
  const o = optionsSchema.parse({ target: 'ops', maintenance: specs });
  const clock = new FakeClock(now);
  const summaries: HeldWindow[] = [];
  let chain = Promise.resolve();
  const m = new Maintenance(o.maintenance, 'Asia/Seoul', {
    store,
    clock,
    schedule: (task) => {
      chain = chain.then(task);
    },
    summarize: async (w) => void summaries.push(w),
  });
  const offer = async (a: Alert) => {
    const w = m.windowFor(a, clock.now());
    return w ? m.hold(a, w) : 'pass';
  };
  return { m, clock, store, summaries, offer };
}

describe('Maintenance', () => {
  const nightly = {
    name: 'nightly',
    cron: '0 2 * * *',
    duration: '30m',
    sources: ['fep-a'],
    types: ['market'],
  };

  it('holds matching alerts during the window and summarises them once at its end', async () => {
    const { clock, summaries, offer } = setup([nightly], '2026-01-05T02:10:00+09:00');
    expect(await offer(alert('restart'))).toBe(true);
    expect(await offer(alert('restart'))).toBe(true);
    expect(await offer(alert('feed gap'))).toBe(true);
    expect(await offer(alert('other source', { source: 'fep-b', ip: '10.0.0.2' }))).toBe('pass');
    expect(await offer(alert('system type', { type: 'system' }))).toBe('pass');
    await clock.advanceTo('2026-01-05T02:29:59+09:00');
    expect(summaries).toEqual([]);
    await clock.advanceTo('2026-01-05T02:30:00+09:00');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ name: 'nightly', total: 3, overflow: 0 });
    expect(summaries[0]!.groups.map((g) => [g.text, g.count])).toEqual([
      ['restart', 2],
      ['feed gap', 1],
    ]);
    expect(await offer(alert('after the window'))).toBe('pass');
  });

  it('matches by IP as well, and any source when none is listed', async () => {
    const { offer } = setup(
      [{ cron: '0 2 * * *', duration: '30m', sources: ['10.0.0.9'] }],
      '2026-01-05T02:00:00+09:00',
    );
    expect(await offer(alert('x', { ip: '10.0.0.9', source: '10.0.0.9', known: false }))).toBe(true);
    expect(await offer(alert('y'))).toBe('pass');
    const all = setup([{ cron: '0 2 * * *', duration: '30m' }], '2026-01-05T02:00:00+09:00');
    expect(await all.offer(alert('z', { type: 'syslog', source: 'sw1' }))).toBe(true);
  });

  it('keeps held alerts across a restart and summarises a window that ended while down', async () => {
    const first = setup([nightly], '2026-01-05T02:10:00+09:00');
    const a = alert('restart');
    await first.offer(a);
    first.m.stop();
    const second = setup([nightly], '2026-01-05T02:45:00+09:00', first.store);
    await second.m.load();
    expect(await second.m.hold(a, { id: '0-x', name: 'nightly', start: 0, end: 0 })).toBe(true); // other window: new
    await second.clock.advance(0);
    expect(second.summaries.map((w) => [w.name, w.total])).toContainEqual(['nightly', 1]);
    // A replay into the same window is not counted twice.
    const third = setup([nightly], '2026-01-06T02:00:00+09:00');
    const b = alert('once');
    const w = third.m.windowFor(b, third.clock.now())!;
    expect(await third.m.hold(b, w)).toBe(true);
    expect(await third.m.hold(b, w)).toBe(false);
  });
});
