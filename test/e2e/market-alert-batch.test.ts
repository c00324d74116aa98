// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${file:…}` references.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFepFrames } from '../../src/sandbox/load/alert-load.ts';
import type { WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { alive, Project, until } from '../helpers/cli.ts';
import { freePort } from '../helpers/cluster/ports.ts';
import { BOT, CLIENT, keys, startEmulator } from '../helpers/works.ts';

/**
 * market-alert's batched path in the real daemon, to the NAVER WORKS emulator: a burst arrives
 * exactly once, an app killed with SIGKILL mid-burst loses and repeats nothing it acknowledged, a
 * connection's rateLimit paces delivery without a 429, and malformed input or a bad target in a
 * batch does not hold back the rest of it.
 */

interface Counters {
  accepted: number;
  malformed: number;
  notified: number;
  failed: number;
}

/** How often each alert number arrived at the emulator (texts are `<tag> <n> end`). */
function arrivals(emu: WorksEmulator, tag: string): Map<number, number> {
  const counts = new Map<number, number>();
  const pattern = new RegExp(`${tag} (\\d+) end`);
  for (const m of emu.state.messages) {
    const n = pattern.exec(JSON.stringify(m.content))?.[1];
    if (n !== undefined) counts.set(Number(n), (counts.get(Number(n)) ?? 0) + 1);
  }
  return counts;
}

const frames = (tag: string, total: number) => Array.from({ length: total }, (_, i) => `${tag} ${i} end`);

function worksConnection(name: string, emu: WorksEmulator, extra: string[] = []): string[] {
  return [
    `  ${name}:`,
    '    type: naverworks',
    `    clientId: ${CLIENT.clientId}`,
    '    clientSecret: ${file:./client-secret}',
    `    botId: "${BOT.botId}"`,
    '    botSecret: ${file:./bot-secret}',
    `    serviceAccount: ${CLIENT.serviceAccount}`,
    '    privateKey: ${file:./works.key}',
    '    scopes: [bot]',
    `    apiUrl: ${emu.apiUrl}`,
    `    authUrl: ${emu.authUrl}`,
    ...extra,
  ];
}

describe('market-alert in batches through the daemon', () => {
  const project = new Project('opsbot-market-batch-');
  let fast: WorksEmulator;
  let paced: WorksEmulator;
  let url: string;
  const ports = { burst: 0, paced: 0, mixed: 0 };

  const status = async (app: string) =>
    (await (await fetch(`${url}/apps/${app}/status`)).json()) as { counters: Counters; ports: typeof ports };

  beforeAll(async () => {
    fast = await startEmulator(await freePort());
    // The service allows 240 sends a minute, and the connection is configured to match.
    paced = await startEmulator(await freePort(), { rateLimit: { perMinute: 240 } });
    ports.burst = await freePort();
    ports.paced = await freePort();
    ports.mixed = await freePort();
    project.write('client-secret', CLIENT.clientSecret);
    project.write('bot-secret', BOT.botSecret);
    project.write('works.key', keys.privateKey);
    const app = (name: string, target: string, input: string) => [
      `  ${name}:`,
      '    use: builtin:market-alert',
      `    with: { target: ${target}, coalesce: false, ${input}, sources: [{ ip: 127.0.0.1, name: fep-e2e }] }`,
    ];
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        'http: { port: 0 }',
        'restart: { backoff: 300ms }',
        'connections:',
        // NAVER WORKS defaults to its API's 240/min; this emulator has no limit.
        ...worksConnection('works', fast, ['    rateLimit: 1000000']),
        ...worksConnection('paced', paced, ['    rateLimit: 240']),
        '  local: { type: sandbox }',
        'apps:',
        ...app('burst', 'works/channel/room-1', `fep: { host: 127.0.0.1, port: ${ports.burst}, ack: true }`),
        ...app('paced', 'paced/channel/room-1', `fep: { host: 127.0.0.1, port: ${ports.paced}, ack: true }`),
        '  mixed:',
        '    use: builtin:market-alert',
        '    with:',
        '      target: local/channel/mixed',
        '      coalesce: false',
        `      ndjson: { host: 127.0.0.1, port: ${ports.mixed}, ack: true }`,
        '      rules: [{ text: nowhere, to: no-such-target }]',
      ].join('\n'),
    );
    const started = await project.run('start', '--json');
    expect(started.code).toBe(0);
    url = (JSON.parse(started.stdout) as { url: string }).url;
    // Over HTTP rather than `opsbot status`: each CLI run costs seconds on a busy machine.
    await until('apps listening', async () => {
      const answers = await Promise.all(
        ['burst', 'paced', 'mixed'].map((a) => fetch(`${url}/apps/${a}/status`)),
      );
      return answers.every((r) => r.status === 200);
    });
  });
  afterAll(async () => {
    await project.cleanup();
    await fast?.close();
    await paced?.close();
  });

  it('delivers a burst exactly once: every alert, no duplicates', async () => {
    const total = 300;
    const sent = await sendFepFrames({
      port: ports.burst,
      connections: 4,
      window: 32,
      ack: true,
      frames: frames('once', total),
    });
    expect(sent.acked).toBe(total);
    const counts = await until('all arrived', () =>
      arrivals(fast, 'once').size === total ? arrivals(fast, 'once') : null,
    );
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect((await status('burst')).counters).toMatchObject({ accepted: total, notified: total, failed: 0 });
  });

  it('loses and repeats nothing it acknowledged when the app is killed with SIGKILL mid-burst', async () => {
    const total = 400;
    const app = (await project.status()).apps.find((a) => a.app === 'burst')!;
    let killedAt = 0;
    const sent = await sendFepFrames({
      port: ports.burst,
      connections: 4,
      window: 16,
      ack: true,
      retryForMs: 45_000,
      frames: frames('killed', total),
      onAck: (acked) => {
        if (!killedAt && acked >= 100) {
          killedAt = acked;
          process.kill(app.pid!, 'SIGKILL');
        }
      },
    });
    expect(killedAt).toBeGreaterThan(0);
    expect(alive(app.pid)).toBe(false);
    expect(sent.acked).toBe(total);
    const counts = await until(
      'every acknowledged alert arrived',
      () => (arrivals(fast, 'killed').size === total ? arrivals(fast, 'killed') : null),
      60_000,
    );
    // Only the sender repeats: a frame journaled whose ACK died with the process is sent again, and
    // is then a second alert. The journal and the outbox add nothing (no "+1" for a replay).
    const duplicates = [...counts.values()].reduce((n, c) => n + (c - 1), 0);
    expect(duplicates).toBeLessThanOrEqual(sent.resent);
    const after = (await project.status()).apps.find((a) => a.app === 'burst')!;
    expect(after.restarts).toBeGreaterThanOrEqual(1);
  });

  it('follows the connection rateLimit: no 429, nothing lost, the sends spread at the rate', async () => {
    const total = 30;
    const sent = await sendFepFrames({
      port: ports.paced,
      connections: 2,
      ack: true,
      frames: frames('paced', total),
    });
    expect(sent.acked).toBe(total);
    const counts = await until(
      'all arrived',
      () => (arrivals(paced, 'paced').size === total ? arrivals(paced, 'paced') : null),
      30_000,
    );
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(paced.state.requests.filter((r) => r.status === 429)).toEqual([]);
    // 240/min lets a burst of 12 through (3 s worth), then 4 a second: the other 18 take ≥ 4.5 s.
    const times = paced.state.messages.map((m) => m.receivedAt);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(4000);
  });

  it('sends the good alerts of a batch with malformed ones and a bad target among them', async () => {
    const lines = [
      JSON.stringify({ text: 'good 0 end' }),
      '{not json',
      JSON.stringify({ text: 'to nowhere' }),
      JSON.stringify({ text: '' }),
      JSON.stringify({ text: 'good 1 end', severity: 'loud' }),
      JSON.stringify({ text: 'good 2 end', severity: 'error' }),
    ];
    const answers = await ndjson(ports.mixed, lines);
    expect(answers).toEqual([
      'ok',
      'error invalid JSON',
      'ok',
      'error text must be a non-empty string',
      'error severity must be one of info, success, warning, error, critical',
      'ok',
    ]);
    const s = await until('processed', async () => {
      const now = await status('mixed');
      return now.counters.notified + now.counters.failed >= 3 ? now : null;
    });
    expect(s.counters).toMatchObject({ accepted: 3, malformed: 3, notified: 2, failed: 1 });
    const r = await project.run('outbox', 'list', '--json', '--limit', '1000');
    const items = (JSON.parse(r.stdout) as { items: Array<{ app: string; payload: { text?: string } }> })
      .items;
    expect(
      items
        .filter((i) => i.app === 'mixed')
        .map((i) => i.payload.text)
        .sort(),
    ).toEqual(['good 0 end', 'good 2 end']);
  });
});

/** Writes the lines in one go and collects one answer per line ("ok" / "error …"). */
function ndjson(port: number, lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(`${lines.join('\n')}\n`));
    let text = '';
    socket.on('data', (d) => {
      text += d;
      const answers = text.split('\n').filter(Boolean);
      if (answers.length >= lines.length) {
        socket.destroy();
        resolve(answers);
      }
    });
    socket.once('error', reject);
  });
}
