import { describe, expect, it } from 'vitest';
import { RunQueue } from './run-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RunQueue', () => {
  it('runs up to the limit, refuses a second run of one person, starts the next in order', async () => {
    const queue = new RunQueue(2);
    const jobs = { a: deferred(), b: deferred(), c: deferred(), d: deferred() };
    const started: string[] = [];
    const job = (name: keyof typeof jobs) => () => {
      started.push(name);
      return jobs[name].promise;
    };
    expect(queue.submit('a', job('a'))).toEqual({ state: 'started' });
    expect(queue.submit('a', job('a'))).toEqual({ state: 'busy' });
    expect(queue.submit('b', job('b'))).toEqual({ state: 'started' });
    expect(queue.submit('c', job('c'))).toEqual({ state: 'queued', ahead: 2 });
    const dropped: string[] = [];
    expect(queue.submit('d', job('d'), () => dropped.push('d'))).toEqual({ state: 'queued', ahead: 3 });
    expect(queue.submit('c', job('c'))).toEqual({ state: 'busy' });
    expect(started).toEqual(['a', 'b']);
    jobs.b.resolve();
    await tick();
    expect([started, queue.running]).toEqual([['a', 'b', 'c'], 2]);
    expect(queue.clear()).toBe(1);
    expect(dropped).toEqual(['d']);
    jobs.a.resolve();
    jobs.c.resolve();
    await tick();
    expect([started, queue.running]).toEqual([['a', 'b', 'c'], 0]);
  });

  it('a job that throws still frees its slot', async () => {
    const queue = new RunQueue(1);
    queue.submit('a', async () => {
      throw new Error('boom');
    });
    const ran: string[] = [];
    expect(queue.submit('b', async () => void ran.push('b'))).toEqual({ state: 'queued', ahead: 1 });
    await tick();
    expect([ran, queue.running]).toEqual([['b'], 0]);
  });
});
