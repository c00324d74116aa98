import { describe, expect, it } from 'vitest';
import type { ToApp } from '../../contracts/app-ipc.ts';
import { ThreadChild } from './thread-child.ts';

/** A ThreadChild over a link that records what it was asked to do. */
function child({ pid }: { pid: number | undefined } = { pid: 4242 }) {
  const sent: ToApp[] = [];
  let terminated = 0;
  const thread = new ThreadChild({
    pid,
    send: (message, callback) => {
      sent.push(message);
      callback(null);
      return true;
    },
    terminate: () => {
      terminated++;
    },
  });
  const events: unknown[][] = [];
  thread.on('exit', (code, signal) => events.push(['exit', code, signal]));
  thread.on('error', (err) => events.push(['error', err.message]));
  return { thread, sent, events, terminated: () => terminated };
}

describe('ThreadChild', () => {
  it('SIGTERM asks the app to stop; SIGKILL terminates its worker', () => {
    const { thread, sent, terminated } = child();
    expect(thread.kill('SIGTERM')).toBe(true);
    expect(sent).toEqual([{ t: 'stop' }]);
    expect(terminated()).toBe(0);
    expect(thread.kill('SIGKILL')).toBe(true);
    expect(terminated()).toBe(1);
  });

  it('after its end it sends nothing and kills nothing, and ends only once', () => {
    const { thread, sent, events, terminated } = child();
    thread.end(null, 'SIGKILL', 'the app host process killed by SIGKILL, ending every thread app in it');
    thread.end(0, null);
    let error: Error | null = null;
    expect(thread.send({ t: 'lead' }, (err) => (error = err))).toBe(false);
    expect(error).toEqual(new Error('the app thread has ended'));
    expect(thread.kill('SIGKILL')).toBe(false);
    expect([sent, terminated()]).toEqual([[], 0]);
    expect(events).toEqual([
      ['error', 'the app host process killed by SIGKILL, ending every thread app in it'],
      ['exit', null, 'SIGKILL'],
    ]);
  });

  it('a host that never started fails its apps with an error and no exit, as a failed spawn does', () => {
    const { thread, events } = child({ pid: undefined });
    thread.fail(new Error('spawn EAGAIN'));
    expect(thread.pid).toBeUndefined();
    expect(events).toEqual([['error', 'spawn EAGAIN']]);
  });
});
