// Cluster mode (issue 15): delivery throughput through the outbox with 1 and with 3 daemons on one
// Postgres and one Redis, to a receiver with no rate limit, and the takeover time after kill -9 of
// a lease holder. The reference, measured in the same run: one daemon on SQLite with the local queue.
import { loadavg } from 'node:os';
import { until } from '../test/helpers/cli.ts';
import { LISTENER_APP, SENDER_APP } from '../test/helpers/cluster/apps.ts';
import { Cluster } from '../test/helpers/cluster/cluster.ts';
import { TestDatabase } from '../test/helpers/cluster/database.ts';
import { accepting, freePort, sleep } from '../test/helpers/cluster/ports.ts';
import { PrivateRedis } from '../test/helpers/cluster/private-redis.ts';
import { TestScope } from '../test/helpers/cluster/scope.ts';
import { WebhookSink } from '../test/helpers/cluster/webhook-sink.ts';
import { writeClusterSection } from './cluster-report.ts';
import { isMain, log } from './lib.ts';
import { attempt } from './rows.ts';

export interface ClusterBenchOptions {
  /** Messages per throughput run (default 3000), split evenly over the nodes. */
  messages?: number;
  /** Kill -9 runs per lease ttl (default 3). */
  takeoverRuns?: number;
  /** Lease ttls to measure takeover for, in seconds (default 15 and 5). */
  ttls?: number[];
}

export interface ThroughputResult {
  /** 'postgres + redis' or 'sqlite + local'. */
  backend: string;
  nodes: number;
  messages: number;
  /** From the first `opsbot do` to the last message at the receiver. */
  seconds: number;
  rate: number;
  /** Distinct keys received, and arrivals beyond them (a repeat of the same key). */
  delivered: number;
  repeats: number;
}

export interface TakeoverResult {
  ttlSeconds: number;
  /** Ms from kill -9 of the holder to the listener port accepting again, per run. */
  runsMs: number[];
  medianMs: number;
}

export interface ClusterBenchResult {
  throughput: ThroughputResult[];
  takeover: TakeoverResult[];
  /** The machine's 1-minute load average at the start and at the end (other work shares the cores). */
  load: [number, number];
}

const RECEIVE_TIMEOUT_MS = 300_000;
/** The webhook connection's limit: far above anything a machine delivers, so nothing waits on it. */
const NO_LIMIT = 10_000_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Store and queue of a run: a fresh Postgres database and a private Redis, or SQLite + local. */
async function backing(scope: TestScope, clustered: boolean): Promise<{ store: string; queue: string }> {
  if (!clustered) return { store: 'sqlite', queue: 'local' };
  const db = scope.add(await TestDatabase.create());
  const redis = scope.add(await PrivateRedis.create());
  return { store: db.url, queue: redis.url };
}

async function throughput(nodes: number, clustered: boolean, messages: number): Promise<ThroughputResult> {
  const scope = new TestScope();
  try {
    const sink = scope.add(await WebhookSink.start());
    const cluster = scope.add(
      Cluster.create({
        ...(await backing(scope, clustered)),
        nodes,
        files: { 'sender.ts': SENDER_APP },
        lines: [
          'connections:',
          `  hook: { type: webhook, url: "${sink.url}", rateLimit: ${NO_LIMIT} }`,
          'apps:',
          '  sender: { use: ./sender.ts }',
        ],
      }),
    );
    await cluster.startAll();
    const share = Math.ceil(messages / nodes);
    const started = Date.now();
    const queued = await Promise.all(
      cluster.nodes.map((node, i) => {
        const count = Math.min(share, messages - i * share);
        return node.cli(
          'do',
          'sender',
          'send',
          '--set',
          `from=${i * share}`,
          '--set',
          `count=${count}`,
          '--set',
          'batch=50',
        );
      }),
    );
    const failed = queued.find((r) => r.code !== 0);
    if (failed) throw new Error(`opsbot do failed: ${failed.stderr}`);
    await until('every message at the receiver', () => sink.keys().size >= messages, RECEIVE_TIMEOUT_MS);
    const seconds = (Math.max(...sink.arrivals.map((a) => a.at)) - started) / 1000;
    const delivered = sink.keys().size;
    const backend = clustered ? 'postgres + redis' : 'sqlite + local';
    log(`cluster: ${backend}, ${nodes} node(s): ${messages} messages in ${seconds.toFixed(1)} s`);
    return {
      backend,
      nodes,
      messages,
      seconds,
      rate: messages / seconds,
      delivered,
      repeats: sink.arrivals.length - delivered,
    };
  } finally {
    await scope.close();
  }
}

/** Kills the holder of the listener's lease `runs` times; each time, how long until the port accepts again. */
async function takeover(ttlSeconds: number, runs: number): Promise<TakeoverResult> {
  const scope = new TestScope();
  try {
    const sink = scope.add(await WebhookSink.start());
    const port = await freePort();
    const cluster = scope.add(
      Cluster.create({
        ...(await backing(scope, true)),
        leaseTtl: `${ttlSeconds}s`,
        files: { 'listener.ts': LISTENER_APP },
        lines: [
          'connections:',
          `  hook: { type: webhook, url: "${sink.url}", rateLimit: ${NO_LIMIT} }`,
          'apps:',
          `  listener: { use: ./listener.ts, with: { port: ${port} } }`,
        ],
      }),
    );
    await cluster.startAll();
    const runsMs: number[] = [];
    const limit = (ttlSeconds + 30) * 1000;
    for (let run = 0; run < runs; run++) {
      const holder = await cluster.singletonHolder('listener', limit);
      const killedAt = Date.now();
      await holder.kill();
      while (!(await accepting(port, 200))) {
        if (Date.now() - killedAt > limit) throw new Error(`no node took the listener over in ${limit} ms`);
        await sleep(20);
      }
      runsMs.push(Date.now() - killedAt);
      log(`cluster: ttl ${ttlSeconds} s, run ${run + 1}: taken over after ${runsMs.at(-1)} ms`);
      // Back to three nodes before the next kill; the restarted one waits as standby.
      if (run < runs - 1) await holder.start();
    }
    return { ttlSeconds, runsMs, medianMs: median(runsMs) };
  } finally {
    await scope.close();
  }
}

export async function benchCluster(options: ClusterBenchOptions = {}): Promise<ClusterBenchResult> {
  const messages = options.messages ?? 3000;
  const result: ClusterBenchResult = { throughput: [], takeover: [], load: [loadavg()[0]!, 0] };
  result.throughput.push(await throughput(1, false, messages));
  result.throughput.push(await throughput(1, true, messages));
  result.throughput.push(await throughput(3, true, messages));
  for (const ttl of options.ttls ?? [15, 5])
    result.takeover.push(await takeover(ttl, options.takeoverRuns ?? 3));
  result.load[1] = loadavg()[0]!;
  return result;
}

if (isMain(import.meta.url)) {
  const result = await attempt('cluster', () => benchCluster());
  writeClusterSection(result);
  if (!result.ok) process.exitCode = 1;
}
