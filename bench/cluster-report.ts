// The cluster section of BENCHMARKS.md: written by run.ts with the other figures, or alone by
// `node bench/cluster.ts`, which replaces only this section.
import type { ClusterBenchResult, TakeoverResult, ThroughputResult } from './cluster.ts';
import { int, type Outcome } from './rows.ts';
import { machineLine, table, writeSection } from './section.ts';

export const HEADING = '## Cluster mode: delivery throughput and failover';
/** Issue 15: another node takes a dead holder's lease within lease.ttl + 5 s. */
const TAKEOVER_MARGIN_MS = 5000;

function throughputRow(t: ThroughputResult): string[] {
  const what =
    t.backend === 'sqlite + local'
      ? `Reference: ${int(t.messages)} messages, 1 daemon, SQLite store, local queue`
      : `Delivery, ${int(t.messages)} messages to a no-limit webhook receiver, ${t.nodes} daemon${t.nodes > 1 ? 's' : ''} (Postgres + Redis)`;
  const repeats = t.repeats ? `, ${t.repeats} repeated` : '';
  return [
    what,
    `${int(t.rate)} msg/s (${t.seconds.toFixed(1)} s; ${int(t.delivered)} delivered${repeats})`,
    '',
    '',
  ];
}

function takeoverRow(t: TakeoverResult): string[] {
  const target = t.ttlSeconds * 1000 + TAKEOVER_MARGIN_MS;
  const runs = t.runsMs.map((ms) => (ms / 1000).toFixed(1)).join(', ');
  return [
    `Takeover after kill -9 of the lease holder, lease.ttl ${t.ttlSeconds} s: median of ${t.runsMs.length} (runs)`,
    `${(t.medianMs / 1000).toFixed(1)} s (${runs})`,
    `≤ ${target / 1000} s`,
    t.runsMs.every((ms) => ms <= target) ? 'yes' : '**no**',
  ];
}

export function clusterSection(r: Outcome<ClusterBenchResult>): string[] {
  const intro = [
    HEADING,
    '',
    'Run alone with `node bench/cluster.ts` (a few minutes; rewrites only this section), or with the',
    'others by `npm run bench -- --all`. Real daemons started with the CLI on this machine, each with its own',
    'dataDir and port, sharing a fresh database on the local PostgreSQL and a private `redis-server`.',
    'Throughput: an app queues the messages with `ctx.notify` (`opsbot do`, split evenly over the',
    'nodes, 50 at a time) to a webhook connection with `rateLimit: 10000000`; the figure runs from',
    'the first `opsbot do` to the last message the receiver (a bare `node:http` server in the bench',
    'process) got. Takeover: a listener app (a singleton: it binds one TCP port) on three nodes; the',
    "holder's daemon and apps are killed with SIGKILL and the time runs until the port accepts a",
    'connection again; the killed node is then restarted (it waits as standby) before the next run.',
    'The three daemons share these cores with each other, the receiver and Postgres/Redis: the 3-node',
    'figure shows what coordination costs on one machine, not how separate machines scale.',
    '',
  ];
  if (!r.ok) return [...intro, `Failed: ${r.error}`, ''];
  return [
    ...intro,
    `Machine: ${machineLine()}; 1-minute load average ${r.value.load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end.`,
    '',
    ...table([
      ['What', 'Measured', 'Target', 'Met'],
      ...r.value.throughput.map(throughputRow),
      ...r.value.takeover.map(takeoverRow),
    ]),
    '',
  ];
}

/** Replaces (or appends) this section in BENCHMARKS.md, leaving the rest of the file as it is. */
export function writeClusterSection(r: Outcome<ClusterBenchResult>): void {
  writeSection(HEADING, clusterSection(r));
}
