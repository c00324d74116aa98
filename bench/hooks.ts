// POST /hooks/sandbox on the real daemon (started through the CLI): every request HMAC-verified,
// deduplicated and written to the inbox before its ack. Open loop at a fixed rate, then closed loop;
// the same loads against a bare node:http server first (the floor). The store is SQLite, or a fresh
// Postgres database of its own.
import { createHmac } from 'node:crypto';
import { Agent } from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { TestDatabase } from '../test/helpers/cluster/database.ts';
import { BenchProject, isMain, log, ms, type Summary, sleep } from './lib.ts';
import {
  closedLoop,
  openLoop,
  type PhaseConditions,
  postAsync,
  type Signed,
  watched,
  withBareServer,
} from './load.ts';

export type { PhaseConditions } from './load.ts';

export const ACK_TARGET_P99_MS = 10;
export const ACK_TARGET_RATE = 1000;

const SECRET = 'bench-secret-not-for-production';
/** Open-loop seconds sent before the measured ones (not counted; see openLoop). */
const WARM_SECONDS = 2;

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
  /** The same closed loop (client, connections, seconds) against that bare server. */
  floorClosed?: Omit<ClosedLoopResult, 'inboxRows'>;
  /** 'sqlite', or 'postgres' (a fresh database on the local server). */
  store: string;
  open: OpenLoopResult;
  /** Absent when the closed loop was not asked for (closedSeconds: 0). */
  closed?: ClosedLoopResult;
  /** Re-sent events answered 200 without a new inbox row. */
  duplicatesDeduped: boolean;
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

export interface HooksOptions {
  rate?: number;
  openSeconds?: number;
  connections?: number;
  /** 0 leaves the closed loop out. */
  closedSeconds?: number;
  flavour?: HookFlavour;
  /** Measure the bare node:http floor first, open and closed loop (default true). */
  floor?: boolean;
  /** Where the daemon keeps its inbox: SQLite in its dataDir (default), or a fresh Postgres database. */
  store?: 'sqlite' | 'postgres';
}

/** The daemon's `store:` line and how the bench counts a connection's inbox rows in it. */
interface InboxStore {
  line: string;
  count(connection: string): Promise<number>;
  close(): Promise<void>;
}

/** Inbox rows of a connection, read straight from the SQLite file. */
function sqliteCount(dbFile: string, connection: string): number {
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

async function inboxStore(kind: 'sqlite' | 'postgres', project: BenchProject): Promise<InboxStore> {
  if (kind === 'sqlite') {
    const file = project.path('data', 'opsbot.db');
    return { line: 'store: sqlite', count: async (c) => sqliteCount(file, c), close: async () => {} };
  }
  // A database of its own on the local server, dropped afterwards: no other run's rows count.
  const db = await TestDatabase.create();
  return {
    line: `store: ${db.url}`,
    count: async (c) =>
      Number(
        (await db.query<{ n: string }>('select count(*) as n from inbox where connection = $1', [c]))[0]?.n,
      ),
    close: () => db.close(),
  };
}

type Floor = Pick<HooksResult, 'floor' | 'floorClosed'>;

/** The same open and closed loops against a bare node:http server: the machine's and client's share. */
async function measureFloor(sign: (id: string) => Signed, o: Required<HooksOptions>): Promise<Floor> {
  log(
    `hooks: floor (bare node:http server), ${o.rate} req/s, ${WARM_SECONDS} s warm-up + ${o.openSeconds} s`,
  );
  return withBareServer(async (bare, pid) => {
    const open = await watched(pid, () =>
      openLoop(bare, sign, 'floor-', o.rate, WARM_SECONDS, o.openSeconds),
    );
    if (!o.closedSeconds) return { floor: { targetRate: o.rate, seconds: o.openSeconds, ...open } };
    log(`hooks: floor closed loop, ${o.connections} connections for ${o.closedSeconds} s`);
    const closed = await watched(pid, () =>
      closedLoop(bare, sign, 'floor-closed-', o.connections, o.closedSeconds),
    );
    return {
      floor: { targetRate: o.rate, seconds: o.openSeconds, ...open },
      floorClosed: { connections: o.connections, seconds: o.closedSeconds, ...closed },
    };
  });
}

export async function benchHooks(options: HooksOptions = {}): Promise<HooksResult> {
  const o: Required<HooksOptions> = {
    rate: ACK_TARGET_RATE,
    openSeconds: 10,
    connections: 32,
    closedSeconds: 5,
    flavour: SANDBOX_FLAVOUR,
    floor: true,
    store: 'sqlite',
    ...options,
  };
  const { sign, connection } = o.flavour;
  const project = new BenchProject(`opsbot-bench-hooks-${connection}-`, o.flavour.env);
  let opened: InboxStore | undefined;
  try {
    const store = await inboxStore(o.store, project);
    opened = store;
    // No apps: this measures the daemon's own path (verify, dedupe, inbox write, ack, routing).
    project.write(
      'opsbot.yaml',
      [
        'timezone: UTC',
        'dataDir: ./data',
        store.line,
        'http: { port: 0 }',
        'connections:',
        ...o.flavour.yaml,
        '',
      ].join('\n'),
    );
    const floor = o.floor ? await measureFloor(sign, o) : {};
    const { url, pid } = await project.start();
    const base = new URL(url);
    log(
      `hooks (${connection}, ${o.store}): daemon at ${url}; open loop ${o.rate} req/s, ${WARM_SECONDS} s warm-up + ${o.openSeconds} s`,
    );
    const open = await watched(pid, () => openLoop(base, sign, 'open-', o.rate, WARM_SECONDS, o.openSeconds));
    // Warm-up events are stored too; they are not counted as the phase's rows.
    const openRows = (await store.count(connection)) - o.rate * WARM_SECONDS;

    // Sender retries: the same events again must be answered 200 and stored no second time.
    const before = await store.count(connection);
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const again = await Promise.all(
      Array.from({ length: 100 }, (_, i) => postAsync(agent, base, sign(`open-${i}`))),
    );
    agent.destroy();
    const duplicatesDeduped = again.every((s) => s === 200) && (await store.count(connection)) === before;

    let closed: ClosedLoopResult | undefined;
    if (o.closedSeconds) {
      await sleep(500);
      log(`hooks (${connection}): closed loop, ${o.connections} connections for ${o.closedSeconds} s`);
      const c = await watched(pid, () => closedLoop(base, sign, 'closed-', o.connections, o.closedSeconds));
      const rows = (await store.count(connection)) - before;
      closed = { connections: o.connections, seconds: o.closedSeconds, ...c, inboxRows: rows };
    }
    return {
      ...floor,
      store: o.store,
      open: { targetRate: o.rate, seconds: o.openSeconds, ...open, inboxRows: openRows },
      ...(closed ? { closed } : {}),
      duplicatesDeduped,
    };
  } finally {
    await project.dispose();
    await opened?.close();
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
  const { floor: f, floorClosed: fc, open: o, closed: c } = r;
  const closedLine = (name: string, l: Omit<ClosedLoopResult, 'inboxRows'>) =>
    `${name}: ${l.connections} connections for ${l.seconds} s → ${l.rate.toFixed(0)} req/s, ` +
    `p99 ${ms(l.latency.p99)}, ok ${l.ok}, errors ${l.errors}`;
  return [
    ...(f
      ? [
          `floor (bare node:http): ${f.targetRate} req/s for ${f.seconds} s → ${f.achievedRate.toFixed(0)} req/s, ` +
            `p50 ${ms(f.latency.p50)}, p99 ${ms(f.latency.p99)}, max ${ms(f.latency.max)} ${conditions(f)}`,
        ]
      : []),
    ...(fc ? [`${closedLine('floor closed loop', fc)} ${conditions(fc)}`] : []),
    `hooks open loop (${r.store}): ${o.targetRate} req/s for ${o.seconds} s → ${o.achievedRate.toFixed(0)} req/s, ` +
      `ack p50 ${ms(o.latency.p50)}, p99 ${ms(o.latency.p99)}, max ${ms(o.latency.max)}, ` +
      `ok ${o.ok}/${o.sent}, errors ${o.errors}, inbox rows ${o.inboxRows} ${conditions(o)}`,
    ...(c ? [`${closedLine('hooks closed loop', c)}, inbox rows ${c.inboxRows} ${conditions(c)}`] : []),
    `hooks duplicates deduplicated: ${r.duplicatesDeduped ? 'yes' : 'NO'}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  // `node bench/hooks.ts postgres`: the same on a fresh Postgres database.
  const result = await benchHooks({ store: process.argv[2] === 'postgres' ? 'postgres' : 'sqlite' });
  process.stdout.write(`${describeHooks(result)}\n`);
}
