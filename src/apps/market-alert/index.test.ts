import net from 'node:net';
import type { PortableMessage } from 'opsbot';
import { afterEach, describe, expect, it } from 'vitest';
import { fepFrame, sendFepFrames, sendSyslog } from '../../sandbox/load/alert-load.ts';
import { createTestApp, type TestApp } from '../../sdk/testing/index.ts';
import marketAlert, { pipelineOf } from './index.ts';
import { Journal } from './journal.ts';

const TOKEN = 'test-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };

interface Status {
  ports: { fep?: number; ndjson?: number; syslogUdp?: number; syslogTcp?: number };
  counters: Record<string, number>;
  backlog: number;
}

let apps: TestApp<unknown>[] = [];
afterEach(async () => {
  await Promise.all(apps.map((t) => t.stop()));
  apps = [];
});

async function startApp(
  options: Record<string, unknown> = {},
  now = '2026-01-05T00:00:00Z',
  state?: Map<string, unknown>,
) {
  const t = createTestApp(marketAlert, {
    app: 'market-alert',
    now,
    options: {
      target: 'ops',
      sources: [{ ip: '127.0.0.1', name: 'fep-local' }],
      fep: { host: '127.0.0.1', port: 0 },
      http: { token: TOKEN },
      ...options,
    },
  });
  if (state) for (const [k, v] of state) t.state.set(k, v);
  apps.push(t);
  await t.start();
  return t;
}

async function status(t: TestApp<unknown>): Promise<Status> {
  return (await t.request('GET', '/status', { headers: AUTH }))!.body as Status;
}

const messages = (t: TestApp<unknown>) => t.sent.map((s) => s.message as PortableMessage);

/** Waits until `n` alerts were accepted and everything queued was processed. */
async function settled(t: TestApp<unknown>, accepted: number) {
  const deadline = Date.now() + 20_000;
  while ((await status(t)).counters.accepted! < accepted) {
    if (Date.now() > deadline) throw new Error(`only ${(await status(t)).counters.accepted} accepted`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await pipelineOf(t.ctx)!.idle();
}

function rawClient(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

describe('market-alert: FEP listener', () => {
  it('forwards FEP frames as alerts, named by source IP, with per-type severity', async () => {
    const t = await startApp({ coalesce: false });
    const { ports } = await status(t);
    expect(ports.fep).toBeGreaterThan(0);
    await sendFepFrames({
      port: ports.fep!,
      frames: [
        { type: '1', text: 'KRX 시세 지연' },
        { type: '2', text: 'DB down' },
      ],
    });
    await settled(t, 2);
    expect(t.sent.map((s) => s.target)).toEqual(['ops', 'ops']);
    expect(messages(t)).toEqual([
      {
        title: '[market] fep-local',
        text: 'KRX 시세 지연',
        severity: 'warning',
        fields: [
          { name: 'source', value: 'fep-local' },
          { name: 'time', value: '2026-01-05 09:00:00', inline: true },
        ],
      },
      expect.objectContaining({ title: '[system] fep-local', text: 'DB down', severity: 'error' }),
    ]);
    expect([...t.state.keys()].filter((k) => k.startsWith(Journal.PREFIX))).toEqual([]);
  });

  it('handles 1,000 concurrent connections each sending one frame: 1,000 alerts', async () => {
    const t = await startApp({ coalesce: false });
    const { ports } = await status(t);
    const frames = Array.from({ length: 1000 }, (_, i) => `alert ${i}`);
    const result = await sendFepFrames({ port: ports.fep!, connections: 1000, frames });
    expect(result.written).toBe(1000);
    await settled(t, 1000);
    expect(new Set(messages(t).map((m) => m.text))).toEqual(new Set(frames));
    expect((await status(t)).counters).toMatchObject({ accepted: 1000, notified: 1000, malformed: 0 });
  });

  it('survives garbage, bad frames, split frames and a client vanishing mid-frame', async () => {
    const t = await startApp({ coalesce: false });
    const { ports } = await status(t);
    const a = await rawClient(ports.fep!);
    const data = Buffer.concat([
      Buffer.from('garbage'),
      fepFrame('first'),
      Buffer.from('\x019=bad type\x01'),
      fepFrame({ type: '2', text: 'second' }),
    ]);
    for (const byte of data) a.write(Buffer.of(byte));
    a.write(Buffer.from('\x011=never finished'));
    await settled(t, 2);
    a.destroy();
    // Another client on the same server is unaffected.
    await sendFepFrames({ port: ports.fep!, frames: ['third'], chunkSize: 3 });
    await settled(t, 3);
    expect(messages(t).map((m) => m.text)).toEqual(['first', 'second', 'third']);
    const deadline = Date.now() + 5000;
    while ((await status(t)).counters.malformed! < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect((await status(t)).counters.malformed).toBe(3); // garbage, bad type, the partial frame
  });

  it('acknowledges each frame once journaled when fep.ack is on (ACK, or NAK for a bad frame)', async () => {
    const t = await startApp({ coalesce: false, fep: { host: '127.0.0.1', port: 0, ack: true } });
    const { ports } = await status(t);
    const c = await rawClient(ports.fep!);
    const answers: number[] = [];
    c.on('data', (d: Buffer) => answers.push(...d));
    c.write(Buffer.concat([fepFrame('one'), Buffer.from('\x017=x\x01'), fepFrame('two')]));
    const deadline = Date.now() + 5000;
    while (answers.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(answers).toEqual([0x06, 0x15, 0x06]);
    c.destroy();
  });
});

describe('market-alert: HTTP, NDJSON and syslog inputs', () => {
  it('POST /alerts: bearer token, 400 with a reason, one alert or an array', async () => {
    const t = await startApp({ fep: undefined, coalesce: false });
    expect((await t.request('POST', '/alerts', { body: { text: 'x' } }))!.status).toBe(401);
    expect(
      (await t.request('POST', '/alerts', {
        body: { text: 'x' },
        headers: { authorization: 'Bearer wrong' },
      }))!.status,
    ).toBe(401);
    const bad = await t.request('POST', '/alerts', { body: [{ text: 'ok' }, { text: '' }], headers: AUTH });
    expect(bad).toMatchObject({ status: 400, body: { error: 'alert 1: text must be a non-empty string' } });
    const badSeverity = await t.request('POST', '/alerts', {
      body: { text: 'x', severity: 'loud' },
      headers: AUTH,
    });
    expect(badSeverity!.status).toBe(400);
    expect(t.sent).toEqual([]);

    const one = await t.request('POST', '/alerts', {
      body: { source: 'fep-local', type: 'system', severity: 'critical', text: 'disk full' },
      headers: AUTH,
    });
    expect(one).toMatchObject({ status: 202, body: { accepted: 1 } });
    const many = await t.request('POST', '/alerts', {
      body: [{ text: 'a' }, { text: 'b', source: 'batch-job' }],
      headers: AUTH,
    });
    expect(many).toMatchObject({ status: 202, body: { accepted: 2 } });
    await settled(t, 3);
    expect(messages(t).map((m) => [m.title, m.severity])).toEqual([
      ['[system] fep-local', 'critical'],
      ['[alert] http', 'warning'],
      ['[alert] batch-job', 'warning'],
    ]);
    expect(messages(t)[2]!.fields).toContainEqual({ name: 'source', value: 'unknown source batch-job' });
  });

  it('NDJSON over TCP, with ok / error answers', async () => {
    const t = await startApp({
      fep: undefined,
      coalesce: false,
      ndjson: { host: '127.0.0.1', port: 0, ack: true },
    });
    const c = await rawClient((await status(t)).ports.ndjson!);
    let answers = '';
    c.on('data', (d) => {
      answers += d;
    });
    c.write('{"text":"from json","type":"batch","severity":"error"}\nnot json\n{"text":5}\n{"te');
    c.write('xt":"split line"}\n');
    const deadline = Date.now() + 5000;
    while (answers.split('\n').length < 5 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(answers).toBe('ok\nerror invalid JSON\nerror text must be a non-empty string\nok\n');
    await settled(t, 2);
    expect(messages(t).map((m) => [m.title, m.text, m.severity])).toEqual([
      ['[batch] fep-local', 'from json', 'error'],
      ['[alert] fep-local', 'split line', 'warning'],
    ]);
    c.destroy();
  });

  it('syslog over UDP and TCP, 3164 and 5424, severity mapped', async () => {
    const t = await startApp({
      fep: undefined,
      coalesce: false,
      syslog: { host: '127.0.0.1', udpPort: 0, tcpPort: 0 },
      rules: [{ type: 'syslog', to: 'infra', title: '{source}: {title}' }],
    });
    const { ports } = await status(t);
    await sendSyslog({
      port: ports.syslogUdp!,
      protocol: 'udp',
      format: '3164',
      messages: ['udp bsd'],
      severity: 4,
    });
    await settled(t, 1);
    await sendSyslog({
      port: ports.syslogTcp!,
      protocol: 'tcp',
      format: '5424',
      messages: ['tcp one', 'tcp two'],
      severity: 2,
    });
    await settled(t, 3);
    await sendSyslog({
      port: ports.syslogTcp!,
      protocol: 'tcp',
      format: '3164',
      framing: 'lf',
      messages: ['lf'],
      severity: 6,
    });
    await settled(t, 4);
    expect(t.sent.map((s) => s.target)).toEqual(['infra', 'infra', 'infra', 'infra']);
    expect(messages(t).map((m) => [m.title, m.text, m.severity])).toEqual([
      ['fep-local: fepd', 'udp bsd', 'warning'],
      ['fep-local: fepd', 'tcp one', 'critical'],
      ['fep-local: fepd', 'tcp two', 'critical'],
      ['fep-local: fepd', 'lf', 'info'],
    ]);
    expect(messages(t)[0]!.fields).toContainEqual({ name: 'syslog', value: 'local0.warning', inline: true });
    expect(messages(t)[0]!.fields).toContainEqual({ name: 'host', value: 'fep01', inline: true });
  });
});

describe('market-alert: coalescing, maintenance, durability', () => {
  const post = (t: TestApp<unknown>, body: unknown) => t.request('POST', '/alerts', { body, headers: AUTH });

  it('sends the first repeat at once and one ×N summary when the window ends', async () => {
    const t = await startApp({ fep: undefined });
    for (let i = 0; i < 5; i++) await post(t, { source: 'fep-local', text: 'feed stalled' });
    await settled(t, 5);
    expect(messages(t).map((m) => m.title)).toEqual(['[alert] fep-local']);
    await t.clock.advance(60_000);
    await pipelineOf(t.ctx)!.idle();
    expect(messages(t).map((m) => m.title)).toEqual(['[alert] fep-local', '[alert] fep-local ×5']);
    expect((await status(t)).counters).toMatchObject({ coalesced: 4, notified: 2 });
  });

  it('holds alerts during a maintenance window and summarises them at its end', async () => {
    const t = await startApp(
      {
        fep: undefined,
        maintenance: [{ name: 'KRX batch', cron: '0 2 * * *', duration: '30m', types: ['market'] }],
      },
      '2026-01-05T02:05:00+09:00',
    );
    await post(t, [
      { source: 'fep-local', type: 'market', text: 'feed restart' },
      { source: 'fep-local', type: 'market', text: 'feed restart' },
      { source: 'fep-local', type: 'system', severity: 'error', text: 'not held' },
    ]);
    await settled(t, 3);
    expect(messages(t).map((m) => m.text)).toEqual(['not held']);
    await t.clock.advanceTo('2026-01-05T02:30:00+09:00');
    await pipelineOf(t.ctx)!.idle();
    expect(messages(t)[1]).toMatchObject({
      title: 'KRX batch: 2 alert(s) held',
      text: '×2 [market] fep-local: feed restart',
      severity: 'warning',
    });
  });

  it('replays journal leftovers of a killed run first, then new alerts', async () => {
    const state = new Map<string, unknown>();
    const left = {
      via: 'fep',
      ip: '127.0.0.1',
      source: 'fep-local',
      known: true,
      type: 'market',
      severity: 'warning',
      receivedAt: 0,
    };
    state.set(Journal.key(5), { ...left, seq: 5, text: 'left over 1' });
    state.set(Journal.key(7), { ...left, seq: 7, text: 'left over 2' });
    const t = await startApp({ coalesce: false }, undefined, state);
    await sendFepFrames({ port: (await status(t)).ports.fep!, frames: ['new one'] });
    await settled(t, 1);
    expect(messages(t).map((m) => m.text)).toEqual(['left over 1', 'left over 2', 'new one']);
    expect((await status(t)).counters.replayed).toBe(2);
    expect([...t.state.keys()].filter((k) => k.startsWith(Journal.PREFIX))).toEqual([]);
  });

  it('journals before it acknowledges, and parks an alert whose target fails', async () => {
    const t = await startApp({ fep: undefined, coalesce: false });
    // As the daemon answers a message whose target it cannot resolve: left out, reported by index.
    const originalNotifyMany = t.ctx.notifyMany;
    (t.ctx as { notifyMany: typeof t.ctx.notifyMany }).notifyMany = async (list, state) => {
      const failed = list.flatMap((m, index) =>
        m.target === 'ops' ? [{ index, error: 'unknown target "ops"' }] : [],
      );
      const result = await originalNotifyMany(
        list.filter((m) => m.target !== 'ops'),
        state,
      );
      return { ids: result.ids, failed };
    };
    const res = await post(t, { text: 'goes nowhere' });
    expect(res!.status).toBe(202);
    await settled(t, 1);
    expect((await status(t)).counters.failed).toBe(1);
    expect([...t.state.keys()].some((k) => k.startsWith('x/'))).toBe(true);
  });

  it('closes its ports on stop', async () => {
    const t = await startApp({ coalesce: false });
    const port = (await status(t)).ports.fep!;
    await t.stop();
    apps = apps.filter((a) => a !== t);
    await expect(rawClient(port)).rejects.toThrow();
  });
});
