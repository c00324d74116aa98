// POST /hooks/sandbox on the real daemon (started through the CLI): every request HMAC-verified,
// deduplicated and written to the inbox before its ack. Open loop at a fixed rate, then closed loop.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import {
  BenchProject,
  type CpuShares,
  cpuBetween,
  cpuSample,
  isMain,
  log,
  ms,
  type Summary,
  sleep,
  summarize,
} from './lib.ts';

export const ACK_TARGET_P99_MS = 10;
export const ACK_TARGET_RATE = 1000;

const SECRET = 'bench-secret-not-for-production';
/** Open-loop seconds sent before the measured ones (not counted; see openLoop). */
const WARM_SECONDS = 2;
/** How long the bench waits for answers still outstanding after the last send. */
const DRAIN_MS = 30_000;

/** What the machine did during a phase: the load generator shares it with the server. */
export interface PhaseConditions extends CpuShares {
  /** p99 of the load generator's own event-loop delay: time that counts as latency but is ours. */
  senderLagP99: number;
}

export interface OpenLoopResult extends PhaseConditions {
  targetRate: number;
  seconds: number;
  sent: number;
  ok: number;
  errors: number;
  /** Successful answers per second, first measured send to last answer. */
  achievedRate: number;
  /** From each request's scheduled send time to the end of its response: queueing counts. */
  latency: Summary;
  inboxRows: number;
}

export interface ClosedLoopResult extends PhaseConditions {
  connections: number;
  seconds: number;
  ok: number;
  errors: number;
  rate: number;
  latency: Summary;
  inboxRows: number;
}

export interface HooksResult {
  /**
   * The same open loop against a bare node:http server that only answers 200, run just before:
   * what this machine and load generator manage at all, with no opsbot in the way.
   */
  floor?: Omit<OpenLoopResult, 'inboxRows'>;
  open: OpenLoopResult;
  closed: ClosedLoopResult;
  /** Re-sent events answered 200 without a new inbox row. */
  duplicatesDeduped: boolean;
}

/** One ready-to-send callback: the path, its body and the headers that sign it. */
export interface Signed {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

/** Which connection type the callbacks are for: its config block, and how to sign an event. */
export interface HookFlavour {
  /** The connection's name, which is also its /hooks/<name> path. */
  connection: string;
  /** The `connections:` entry (YAML lines, indented by two). */
  yaml: string[];
  env: Record<string, string>;
  sign(id: string): Signed;
}

export const SANDBOX_FLAVOUR: HookFlavour = {
  connection: 'sandbox',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an opsbot secret reference, not a JS template
  yaml: ['  sandbox: { type: sandbox, secret: "${env:OPSBOT_BENCH_SECRET}" }'],
  env: { OPSBOT_BENCH_SECRET: SECRET },
  sign(id) {
    const body = Buffer.from(JSON.stringify({ id, channel: 'bench', user: 'u', text: 'hello' }));
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    return { path: '/hooks/sandbox', body, headers: { 'x-opsbot-signature': signature } };
  },
};

/** One POST; `done` gets the HTTP status, or 0 when the request failed without an answer. */
function post(agent: Agent, url: URL, event: Signed, done: (status: number) => void): void {
  let settled = false;
  const finish = (status: number) => {
    if (settled) return;
    settled = true;
    done(status);
  };
  const req = request(
    {
      agent,
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: event.path,
      headers: {
        'content-type': 'application/json',
        'content-length': event.body.length,
        ...event.headers,
      },
    },
    (res) => {
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('error', () => finish(0));
      res.resume();
    },
  );
  req.on('error', () => finish(0));
  req.end(event.body);
}

const postAsync = (agent: Agent, url: URL, event: Signed) =>
  new Promise<number>((resolve) => post(agent, url, event, resolve));

/** Inbox rows of a connection, read straight from the SQLite file. */
function inboxCount(dbFile: string, connection: string): number {
  const db = new DatabaseSync(dbFile, { readOnly: true });
  try {
    const row = db.prepare('select count(*) as n from inbox where connection = ?').get(connection) as {
      n: number;
    };
    return Number(row.n);
  } finally {
    db.close();
  }
}

/** The floor: a server with nothing to do, in its own process like the daemon. */
const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"ok":true}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function withBareServer<T>(run: (url: URL, pid: number) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
    });
    return await run(new URL(`http://127.0.0.1:${port}`), child.pid ?? 0);
  } finally {
    child.kill();
  }
}

/** Runs `phase` while watching the machine's CPU and this process's event-loop delay. */
async function watched<T>(serverPid: number, phase: () => Promise<T>): Promise<T & PhaseConditions> {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const before = cpuSample(serverPid);
  const result = await phase();
  const cpu = cpuBetween(before, cpuSample(serverPid));
  lag.disable();
  return { ...result, ...cpu, senderLagP99: lag.percentile(99) / 1e6 };
}

/**
 * Sends `rate` requests per second, each at its own scheduled instant whether or not earlier ones
 * were answered (as independent senders would), so a slow server shows up as latency. The first
 * `warmSeconds` run on the same connections but are not measured: they open the keep-alive
 * connections and let the JIT settle, so the figures describe the steady state.
 */
async function openLoop(
  url: URL,
  sign: (id: string) => Signed,
  prefix: string,
  rate: number,
  warmSeconds: number,
  seconds: number,
) {
  const warm = rate * warmSeconds;
  const total = warm + rate * seconds;
  // Signed before the clock starts, and answered through plain callbacks, so the sender's own
  // work (which shares the two cores with the daemon) stays small.
  const events = Array.from({ length: total }, (_, i) =>
    sign(i < warm ? `warm-${prefix}${i}` : `${prefix}${i - warm}`),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const latencies = new Float64Array(total - warm).fill(Number.NaN);
  let answered = 0;
  let ok = 0;
  let errors = 0;
  let lastAnswer = 0;
  let allAnswered!: () => void;
  const drained = new Promise<boolean>((resolve) => {
    allAnswered = () => resolve(true);
    setTimeout(() => resolve(false), ((total / rate) * 1000 + DRAIN_MS) | 0).unref();
  });
  const interval = 1000 / rate;
  const t0 = performance.now();
  let sent = 0;
  const tick = () => {
    const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
    for (; sent < due; sent++) {
      const i = sent;
      const scheduled = t0 + i * interval;
      post(agent, url, events[i]!, (status) => {
        if (i >= warm) {
          lastAnswer = performance.now();
          if (status === 200) {
            ok++;
            latencies[i - warm] = lastAnswer - scheduled;
          } else errors++;
        }
        if (++answered === total) allAnswered();
      });
    }
    if (sent < total) setTimeout(tick, 1);
  };
  tick();
  const complete = await drained;
  agent.destroy();
  const measured = total - warm;
  return {
    sent: measured,
    ok,
    // Requests still unanswered when the bench stopped waiting count as errors.
    errors: complete ? errors : measured - ok,
    achievedRate: ok / ((lastAnswer - (t0 + warm * interval)) / 1000),
    latency: summarize(latencies.filter((v) => !Number.isNaN(v))),
  };
}

/** `connections` senders, each sending its next request as soon as the previous one is answered. */
async function closedLoop(
  url: URL,
  sign: (id: string) => Signed,
  prefix: string,
  connections: number,
  seconds: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const sender = async () => {
    while (performance.now() < end) {
      const event = sign(`${prefix}${next++}`);
      const start = performance.now();
      const status = await postAsync(agent, url, event);
      if (status === 200) latencies.push(performance.now() - start);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: connections }, sender));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { ok: latencies.length, errors, rate: latencies.length / elapsed, latency: summarize(latencies) };
}

export interface HooksOptions {
  rate?: number;
  openSeconds?: number;
  connections?: number;
  closedSeconds?: number;
  flavour?: HookFlavour;
  /** Measure the bare node:http floor first (default true). */
  floor?: boolean;
}

export async function benchHooks(options: HooksOptions = {}): Promise<HooksResult> {
  const {
    rate = ACK_TARGET_RATE,
    openSeconds = 10,
    connections = 32,
    closedSeconds = 5,
    flavour = SANDBOX_FLAVOUR,
  } = options;
  const { sign, connection } = flavour;
  const project = new BenchProject(`opsbot-bench-hooks-${connection}-`, flavour.env);
  try {
    // No apps: this measures the daemon's own path (verify, dedupe, inbox write, ack, routing).
    project.write(
      'opsbot.yaml',
      ['timezone: UTC', 'dataDir: ./data', 'http: { port: 0 }', 'connections:', ...flavour.yaml, ''].join(
        '\n',
      ),
    );
    let floor: Omit<OpenLoopResult, 'inboxRows' | 'targetRate' | 'seconds'> | undefined;
    if (options.floor !== false) {
      log(
        `hooks: floor (bare node:http server), ${rate} req/s, ${WARM_SECONDS} s warm-up + ${openSeconds} s`,
      );
      floor = await withBareServer((bare, pid) =>
        watched(pid, () => openLoop(bare, sign, 'floor-', rate, WARM_SECONDS, openSeconds)),
      );
    }
    const { url, pid } = await project.start();
    const base = new URL(url);
    const dbFile = project.path('data', 'opsbot.db');
    log(
      `hooks (${connection}): daemon at ${url}; open loop ${rate} req/s, ${WARM_SECONDS} s warm-up + ${openSeconds} s`,
    );
    const open = await watched(pid, () => openLoop(base, sign, 'open-', rate, WARM_SECONDS, openSeconds));
    // Warm-up events are stored too; they are not counted as the phase's rows.
    const openRows = inboxCount(dbFile, connection) - rate * WARM_SECONDS;

    // Sender retries: the same events again must be answered 200 and stored no second time.
    const before = inboxCount(dbFile, connection);
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const again = await Promise.all(
      Array.from({ length: 100 }, (_, i) => postAsync(agent, base, sign(`open-${i}`))),
    );
    agent.destroy();
    const duplicatesDeduped = again.every((s) => s === 200) && inboxCount(dbFile, connection) === before;

    await sleep(500);
    log(`hooks (${connection}): closed loop, ${connections} connections for ${closedSeconds} s`);
    const closed = await watched(pid, () => closedLoop(base, sign, 'closed-', connections, closedSeconds));
    const closedRows = inboxCount(dbFile, connection) - before;

    return {
      ...(floor ? { floor: { targetRate: rate, seconds: openSeconds, ...floor } } : {}),
      open: { targetRate: rate, seconds: openSeconds, ...open, inboxRows: openRows },
      closed: { connections, seconds: closedSeconds, ...closed, inboxRows: closedRows },
      duplicatesDeduped,
    };
  } finally {
    await project.dispose();
  }
}

/** One line on who used the CPU during a phase (shares of the whole machine). */
export function describeConditions(c: PhaseConditions): string {
  return (
    `CPU: server ${c.serverPct.toFixed(0)}%, load generator ${c.senderPct.toFixed(0)}%, ` +
    `other processes ${c.othersPct.toFixed(0)}%, steal ${c.stealPct.toFixed(1)}%; ` +
    `load generator event-loop delay p99 ${ms(c.senderLagP99, 1)}`
  );
}

const conditions = (c: PhaseConditions) => `(${describeConditions(c)})`;

export function describeHooks(r: HooksResult): string {
  const { floor: f, open: o, closed: c } = r;
  return [
    ...(f
      ? [
          `floor (bare node:http): ${f.targetRate} req/s for ${f.seconds} s → ${f.achievedRate.toFixed(0)} req/s, ` +
            `p50 ${ms(f.latency.p50)}, p99 ${ms(f.latency.p99)}, max ${ms(f.latency.max)} ${conditions(f)}`,
        ]
      : []),
    `hooks open loop: ${o.targetRate} req/s for ${o.seconds} s → ${o.achievedRate.toFixed(0)} req/s, ` +
      `ack p50 ${ms(o.latency.p50)}, p99 ${ms(o.latency.p99)}, max ${ms(o.latency.max)}, ` +
      `ok ${o.ok}/${o.sent}, errors ${o.errors}, inbox rows ${o.inboxRows} ${conditions(o)}`,
    `hooks closed loop: ${c.connections} connections for ${c.seconds} s → ${c.rate.toFixed(0)} req/s, ` +
      `p99 ${ms(c.latency.p99)}, ok ${c.ok}, errors ${c.errors}, inbox rows ${c.inboxRows} ${conditions(c)}`,
    `hooks duplicates deduplicated: ${r.duplicatesDeduped ? 'yes' : 'NO'}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const result = await benchHooks();
  process.stdout.write(`${describeHooks(result)}\n`);
}
