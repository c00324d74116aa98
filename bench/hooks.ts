// POST /hooks/sandbox on the real daemon (started through the CLI): every request HMAC-verified,
// deduplicated and written to the inbox before its ack. Open loop at a fixed rate, then closed loop.
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { BenchProject, isMain, log, ms, type Summary, sleep, summarize } from './lib.ts';

export const ACK_TARGET_P99_MS = 10;
export const ACK_TARGET_RATE = 1000;

const SECRET = 'bench-secret-not-for-production';
/** How long the bench waits for answers still outstanding after the last send. */
const DRAIN_MS = 30_000;

export interface OpenLoopResult {
  targetRate: number;
  seconds: number;
  sent: number;
  ok: number;
  errors: number;
  /** Successful answers per second over the whole phase (first send to last answer). */
  achievedRate: number;
  /** From each request's scheduled send time to the end of its response: queueing counts. */
  latency: Summary;
  inboxRows: number;
}

export interface ClosedLoopResult {
  connections: number;
  seconds: number;
  ok: number;
  errors: number;
  rate: number;
  latency: Summary;
  inboxRows: number;
}

export interface HooksResult {
  open: OpenLoopResult;
  closed: ClosedLoopResult;
  /** Re-sent events answered 200 without a new inbox row. */
  duplicatesDeduped: boolean;
}

interface Signed {
  body: Buffer;
  signature: string;
}

function signed(id: string): Signed {
  const body = Buffer.from(JSON.stringify({ id, channel: 'bench', user: 'u', text: 'hello' }));
  return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
}

/** One POST; resolves with the HTTP status, or 0 when the request failed without an answer. */
function post(agent: Agent, url: URL, event: Signed): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/hooks/sandbox',
        headers: {
          'content-type': 'application/json',
          'content-length': event.body.length,
          'x-opsbot-signature': event.signature,
        },
      },
      (res) => {
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
        res.resume();
      },
    );
    req.on('error', () => resolve(0));
    req.end(event.body);
  });
}

/** Inbox rows whose dedupe key starts with `prefix`, read straight from the SQLite file. */
function inboxCount(dbFile: string, prefix: string): number {
  const db = new DatabaseSync(dbFile, { readOnly: true });
  try {
    const row = db
      .prepare(`select count(*) as n from inbox where connection = 'sandbox' and dedupe_key like ?`)
      .get(`${prefix}%`) as { n: number };
    return Number(row.n);
  } finally {
    db.close();
  }
}

/**
 * Sends `rate` requests per second for `seconds`, each at its own scheduled instant whether or not
 * earlier ones were answered (as independent senders would), so a slow server shows up as latency.
 */
async function openLoop(url: URL, prefix: string, rate: number, seconds: number) {
  const total = rate * seconds;
  const events = Array.from({ length: total }, (_, i) => signed(`${prefix}${i}`));
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const latencies = new Float64Array(total).fill(Number.NaN);
  const pending: Array<Promise<void>> = [];
  let ok = 0;
  let errors = 0;
  let lastAnswer = 0;
  const interval = 1000 / rate;
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
      for (; sent < due; sent++) {
        const i = sent;
        const scheduled = t0 + i * interval;
        pending.push(
          post(agent, url, events[i]!).then((status) => {
            lastAnswer = performance.now();
            if (status === 200) {
              ok++;
              latencies[i] = lastAnswer - scheduled;
            } else errors++;
          }),
        );
      }
      if (sent < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  const drained = await Promise.race([Promise.all(pending).then(() => true), sleep(DRAIN_MS).then(() => false)]);
  agent.destroy();
  const unanswered = drained ? 0 : total - ok - errors;
  const answered = latencies.filter((v) => !Number.isNaN(v));
  return {
    sent,
    ok,
    errors: errors + unanswered,
    achievedRate: ok / ((lastAnswer - t0) / 1000),
    latency: summarize(answered),
  };
}

/** `connections` senders, each sending its next request as soon as the previous one is answered. */
async function closedLoop(url: URL, prefix: string, connections: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const sender = async () => {
    while (performance.now() < end) {
      const event = signed(`${prefix}${next++}`);
      const start = performance.now();
      const status = await post(agent, url, event);
      if (status === 200) latencies.push(performance.now() - start);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: connections }, sender));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { ok: latencies.length, errors, rate: latencies.length / elapsed, latency: summarize(latencies) };
}

export async function benchHooks(
  options: { rate?: number; openSeconds?: number; connections?: number; closedSeconds?: number } = {},
): Promise<HooksResult> {
  const { rate = ACK_TARGET_RATE, openSeconds = 10, connections = 32, closedSeconds = 5 } = options;
  const project = new BenchProject('opsbot-bench-hooks-', { OPSBOT_BENCH_SECRET: SECRET });
  try {
    project.write(
      'opsbot.yaml',
      [
        'timezone: UTC',
        'dataDir: ./data',
        'http: { port: 0 }',
        'connections:',
        '  sandbox: { type: sandbox, secret: "${env:OPSBOT_BENCH_SECRET}" }',
        '',
      ].join('\n'),
    );
    const { url } = await project.start();
    const base = new URL(url);
    const dbFile = project.path('data', 'opsbot.db');
    log(`daemon at ${url}; warming up`);

    // Let the JIT see the hot path before anything is measured; these rows are not counted below.
    await closedLoop(base, 'warm-', 8, 1);
    await sleep(500);

    log(`open loop: ${rate} req/s for ${openSeconds} s`);
    const open = await openLoop(base, 'open-', rate, openSeconds);
    const openRows = inboxCount(dbFile, 'open-');

    // Sender retries: the same events again must be answered 200 and stored no second time.
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const again = await Promise.all(
      Array.from({ length: 100 }, (_, i) => post(agent, base, signed(`open-${i}`))),
    );
    agent.destroy();
    const duplicatesDeduped = again.every((s) => s === 200) && inboxCount(dbFile, 'open-') === openRows;

    await sleep(500);
    log(`closed loop: ${connections} connections for ${closedSeconds} s`);
    const closed = await closedLoop(base, 'closed-', connections, closedSeconds);
    const closedRows = inboxCount(dbFile, 'closed-');

    return {
      open: { targetRate: rate, seconds: openSeconds, ...open, inboxRows: openRows },
      closed: { connections, seconds: closedSeconds, ...closed, inboxRows: closedRows },
      duplicatesDeduped,
    };
  } finally {
    await project.dispose();
  }
}

export function describeHooks(r: HooksResult): string {
  const { open: o, closed: c } = r;
  return [
    `hooks open loop: ${o.targetRate} req/s for ${o.seconds} s → ${o.achievedRate.toFixed(0)} req/s, ` +
      `ack p50 ${ms(o.latency.p50)}, p99 ${ms(o.latency.p99)}, max ${ms(o.latency.max)}, ` +
      `ok ${o.ok}/${o.sent}, errors ${o.errors}, inbox rows ${o.inboxRows}`,
    `hooks closed loop: ${c.connections} connections for ${c.seconds} s → ${c.rate.toFixed(0)} req/s, ` +
      `p99 ${ms(c.latency.p99)}, ok ${c.ok}, errors ${c.errors}, inbox rows ${c.inboxRows}`,
    `hooks duplicates deduplicated: ${r.duplicatesDeduped ? 'yes' : 'NO'}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const result = await benchHooks();
  process.stdout.write(`${describeHooks(result)}\n`);
}
