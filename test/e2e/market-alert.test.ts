import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFepFrames } from '../../src/sandbox/load/alert-load.ts';
import { alive, Project, until } from '../helpers/cli.ts';
import { freePort } from '../helpers/cluster/ports.ts';

/**
 * market-alert in the real daemon: a burst of FEP frames (with the optional ACK so the sender
 * knows what was accepted), the app's process killed with SIGKILL mid-burst, the daemon restarts
 * it, and every frame ends up in the outbox, none twice but those the sender itself sent again.
 */

interface OutboxJson {
  depth: Record<string, number>;
  items: Array<{ app: string | null; target: string; payload: { title?: string; text?: string } }>;
}

describe('market-alert through the daemon', () => {
  const project = new Project('opsbot-market-alert-');

  beforeAll(async () => {
    const port = await freePort();
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        'http: { port: 0 }',
        'restart: { backoff: 300ms }',
        'connections:',
        '  sandbox: { type: sandbox }',
        'targets:',
        '  desk: sandbox/channel/alerts',
        'apps:',
        '  market-alert:',
        '    use: builtin:market-alert',
        '    with:',
        '      target: desk',
        '      coalesce: false',
        `      fep: { host: 127.0.0.1, port: ${port}, ack: true }`,
        '      sources: [{ ip: 127.0.0.1, name: fep-e2e }]',
      ].join('\n'),
    );
  });
  afterAll(() => project.cleanup());

  it('loses no accepted frame when the app is killed with SIGKILL mid-burst', async () => {
    const total = 400;
    const connections = 4;
    const window = 16;
    expect((await project.run('start', '--wait')).code).toBe(0);
    const app = await until('app running', async () => {
      const a = (await project.status()).apps.find((x) => x.app === 'market-alert');
      return a?.state === 'running' && a.pid ? a : null;
    });
    const url = (await project.status()).url;
    const status = await fetch(`${url}/apps/market-alert/status`);
    const port = ((await status.json()) as { ports: { fep: number } }).ports.fep;

    let killedAt = 0;
    const result = await sendFepFrames({
      port,
      connections,
      window,
      ack: true,
      retryForMs: 45_000,
      frames: Array.from({ length: total }, (_, i) => ({ type: i % 2 ? '2' : '1', text: `burst ${i}` })),
      onAck: (acked) => {
        if (!killedAt && acked >= 100) {
          killedAt = acked;
          process.kill(app.pid!, 'SIGKILL');
        }
      },
    });
    expect(killedAt).toBeGreaterThan(0);
    expect(alive(app.pid)).toBe(false);
    expect(result.reconnects).toBeGreaterThanOrEqual(1);
    expect(result.acked).toBe(total);

    const after = (await project.status()).apps.find((x) => x.app === 'market-alert')!;
    expect(after.pid).not.toBe(app.pid);
    expect(after.restarts).toBeGreaterThanOrEqual(1);

    const list = await until(
      'every frame in the outbox, all delivered',
      async () => {
        const r = await project.run('outbox', 'list', '--json', '--limit', '100000');
        const parsed = JSON.parse(r.stdout) as OutboxJson;
        const texts = new Set(parsed.items.map((i) => i.payload.text));
        const complete = Array.from({ length: total }, (_, i) => `burst ${i}`).every((t) => texts.has(t));
        return complete && parsed.depth.pending === 0 && parsed.depth.sending === 0 && parsed;
      },
      60_000,
    );
    const counts = new Map<string, number>();
    for (const item of list.items) {
      expect(item).toMatchObject({ app: 'market-alert', target: 'desk' });
      counts.set(item.payload.text!, (counts.get(item.payload.text!) ?? 0) + 1);
    }
    expect(counts.size).toBe(total);
    // Exactly once per accepted alert: a journal entry leaves in the transaction that queues its
    // message, so a replay at start repeats nothing. Duplicates come only from the sender: a frame
    // journaled whose ACK died with the process is resent after the reconnect (at most the frames
    // in flight: result.resent ≤ connections × window).
    const duplicates = [...counts.values()].reduce((n, c) => n + (c - 1), 0);
    expect(result.resent).toBeLessThanOrEqual(connections * window);
    expect(duplicates).toBeLessThanOrEqual(result.resent);
    expect(list.depth.dead).toBe(0);
    console.info(
      `market-alert e2e: ${total} frames, killed after ${killedAt} ACKs, ${result.reconnects} reconnects, ` +
        `${result.resent} resent, ${duplicates} duplicate alert(s)`,
    );
  });
});
