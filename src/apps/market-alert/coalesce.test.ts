import { type AppStore, defineApp } from 'opsbot';
import { describe, expect, it } from 'vitest';
import { createTestApp, FakeClock } from '../../sdk/testing/index.ts';
import { type CoalesceEntry, Coalescer } from './coalesce.ts';
import type { Alert } from './rules.ts';

/** The testing kit's in-memory store, with its backing map. */
function memoryStore(): AppStore & { state: Map<string, unknown> } {
  const t = createTestApp(defineApp({}));
  return Object.assign(t.ctx.store, { state: t.state });
}

let seq = 0;
const alert = (text: string, source = 'fep-a'): Alert => ({
  seq: ++seq,
  via: 'fep',
  ip: '10.0.0.1',
  source,
  known: true,
  type: 'market',
  severity: 'warning',
  text,
  receivedAt: 0,
});

function setup(windowMs = 60_000, store = memoryStore(), clock = new FakeClock()) {
  const summaries: CoalesceEntry[] = [];
  let chain = Promise.resolve();
  const c = new Coalescer({
    store,
    clock,
    windowMs,
    schedule: (task) => {
      chain = chain.then(task);
    },
    summarize: async (entry) => void summaries.push(entry),
  });
  /** What the pipeline does with one alert; returns whether it was sent. */
  const process = async (a: Alert) => {
    const offer = await c.offer(a);
    if (offer === 'send') await c.opened(a);
    return offer;
  };
  return { c, clock, store, summaries, process };
}

describe('Coalescer', () => {
  it('sends the first at once, counts repeats, and sends one ×N summary at the window end', async () => {
    const { clock, summaries, process } = setup();
    expect(await process(alert('feed down'))).toBe('send');
    for (let i = 0; i < 11; i++) {
      await clock.advance(1000);
      expect(await process(alert('feed down'))).toBe('counted');
    }
    expect(await process(alert('other text'))).toBe('send');
    expect(await process(alert('feed down', 'fep-b'))).toBe('send');
    expect(summaries).toEqual([]);
    await clock.advance(49_000); // 60 s after the first
    expect(summaries.map((s) => [s.first.text, s.count])).toEqual([['feed down', 12]]);
    // No summary for windows without repeats; the next occurrence starts a new window and is sent at once.
    await clock.advance(60_000);
    expect(summaries).toHaveLength(1);
    expect(await process(alert('feed down'))).toBe('send');
  });

  it('is off with a zero window', async () => {
    const { c, process, store } = setup(0);
    expect(await process(alert('x'))).toBe('send');
    expect(await process(alert('x'))).toBe('send');
    expect(c.openWindows()).toBe(0);
    expect(store.state.size).toBe(0);
  });

  it('keeps windows across a restart, ignores a replayed alert, and summarises an expired window at load', async () => {
    const store = memoryStore();
    const clock = new FakeClock();
    const first = setup(60_000, store, clock);
    const a = alert('disk full');
    await first.process(a);
    await first.process(alert('disk full'));
    await first.process(alert('disk full'));
    first.c.stop(); // the process dies

    const second = setup(60_000, store, clock);
    await second.c.load();
    expect(await second.c.offer(a)).toBe('replayed');
    expect(await second.process(alert('disk full'))).toBe('counted');
    await clock.advance(60_000);
    expect(second.summaries.map((s) => s.count)).toEqual([4]);
    expect(store.state.size).toBe(0);

    // Down for longer than the window: the summary goes out right after start.
    await second.process(alert('cpu'));
    await second.process(alert('cpu'));
    second.c.stop();
    await clock.advance(10 * 60_000);
    const third = setup(60_000, store, clock);
    await third.c.load();
    await clock.advance(0);
    expect(third.summaries.map((s) => [s.first.text, s.count])).toEqual([['cpu', 2]]);
  });
});
