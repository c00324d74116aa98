import type { LeaseRow, NodeRow } from '../platform/store/cluster-types.ts';
import { duration, relative, table } from './output.ts';

/** up: heartbeating; stopped: stopped cleanly; dead: silent for longer than the lease ttl. */
export type NodeState = 'up' | 'stopped' | 'dead';

/** A node row as `cluster nodes --json` prints it. */
export type ClusterNode = NodeRow & { ageMs: number; state: NodeState };

export type ClusterLease = LeaseRow & { live: boolean };

/** Config `lease.ttl` when not set: a node silent this long is dead. */
export const DEFAULT_LEASE_TTL = 15_000;

export function nodeState(node: Pick<NodeRow, 'stoppedAt'> & { ageMs: number }, ttl: number): NodeState {
  if (node.stoppedAt !== null) return 'stopped';
  return node.ageMs > ttl ? 'dead' : 'up';
}

export function withState(nodes: Array<NodeRow & { ageMs: number }>, ttl: number): ClusterNode[] {
  return nodes.map((node) => ({ ...node, state: nodeState(node, ttl) }));
}

/** "2 running, 1 standby": what a node runs at a glance; other states (backoff, crashed…) as "other". */
function appsCell(apps: Record<string, string>): string {
  const states = Object.values(apps);
  if (!states.length) return '-';
  const running = states.filter((s) => s === 'running').length;
  const standby = states.filter((s) => s === 'standby').length;
  const other = states.length - running - standby;
  return [`${running} running`, `${standby} standby`, ...(other ? [`${other} other`] : [])].join(', ');
}

/** Ages come from the database clock (ageMs), so a CLI host with a skewed clock still reads them right. */
export function nodesTable(nodes: ClusterNode[]): string {
  const rows = nodes.map((n) => [
    n.node,
    n.host,
    n.pid,
    n.url,
    n.ageMs < 1000 ? '<1s ago' : `${duration(n.ageMs)} ago`,
    n.state,
    appsCell(n.apps),
  ]);
  return table(['NODE', 'HOST', 'PID', 'URL', 'HEARTBEAT', 'STATE', 'APPS'], rows);
}

export function leasesTable(leases: ClusterLease[], now: number): string {
  const rows = leases.map((l) => [
    l.name,
    l.holder,
    l.epoch,
    relative(l.expiresAt, now),
    l.live ? 'yes' : 'no',
  ]);
  return table(['NAME', 'HOLDER', 'EPOCH', 'EXPIRES', 'LIVE'], rows);
}

/**
 * The cluster part of `opsbot status`: a summary line, the nodes, the leases. Nodes without a
 * `state` get one from `ttl` (config `lease.ttl`).
 */
export function clusterSection(
  nodes: Array<NodeRow & { ageMs: number; state?: NodeState }>,
  leases: ClusterLease[],
  now: number,
  ttl = DEFAULT_LEASE_TTL,
): string {
  const rows = nodes.map((n) => ({ ...n, state: n.state ?? nodeState(n, ttl) }));
  const count = (state: NodeState) => rows.filter((n) => n.state === state).length;
  const states = (['up', 'dead', 'stopped'] as const).filter(count).map((s) => `${count(s)} ${s}`);
  const held = leases.filter((l) => l.live).length;
  const lines = [
    `cluster: ${rows.length} node(s)${states.length ? ` (${states.join(', ')})` : ''}, ${held} of ${leases.length} lease(s) held`,
  ];
  if (rows.length) lines.push(nodesTable(rows));
  if (leases.length) lines.push(leasesTable(leases, now));
  return lines.join('\n');
}
