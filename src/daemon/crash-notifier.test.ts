import { describe, expect, it } from 'vitest';
import type { EnqueueRequest } from '../engine/outbox/outbox.ts';
import { FakeClock } from '../platform/clock.ts';
import { silentLogger } from '../platform/log.ts';
import { CrashNotifier } from './crash-notifier.ts';

function notifier(hasAdmin = true) {
  const clock = new FakeClock();
  const sent: EnqueueRequest[] = [];
  const n = new CrashNotifier({
    clock,
    log: silentLogger(),
    hasAdmin: () => hasAdmin,
    enqueue: async (r) => sent.push(r),
  });
  const texts = () => sent.map((r) => (r.payload as { text: string }).text);
  return { clock, n, sent, texts };
}

describe('crash messages to the admin target', () => {
  it('sends one message per app per 10 minutes and counts the crashes in between', async () => {
    const { clock, n, sent, texts } = notifier();
    n.crashed('loop', 'boom (exited with code 1)', 1000);
    n.crashed('loop', 'boom (exited with code 1)', 2000);
    n.crashed('loop', 'boom (exited with code 1)', 4000);
    n.crashed('other', 'bad module (exited with code 78)', null);
    await clock.advance(10 * 60_000);
    n.crashed('loop', 'boom (exited with code 1)', 300_000);
    expect(sent.every((r) => r.target === 'admin' && r.kind === 'portable' && r.app === null)).toBe(true);
    expect(texts()).toEqual([
      'opsbot: app loop crashed: boom (exited with code 1); restarting in 1s',
      'opsbot: app other crashed: bad module (exited with code 78); it stays down until fixed (opsbot restart)',
      'opsbot: app loop crashed: boom (exited with code 1); restarting in 300s (2 more crashes since the last message)',
    ]);
  });

  it('says nothing when no admin target is configured', () => {
    const { n, sent } = notifier(false);
    n.crashed('loop', 'boom', 1000);
    expect(sent).toEqual([]);
  });
});
