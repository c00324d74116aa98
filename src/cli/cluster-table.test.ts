import { describe, expect, it } from 'vitest';
import { type ClusterLease, clusterSection, nodeState, withState } from './cluster-table.ts';

const now = Date.parse('2026-12-05T00:00:00Z');

const node = (
  name: string,
  ageMs: number,
  stoppedAt: number | null = null,
  apps: Record<string, string> = {},
) => ({
  node: name,
  host: `${name}.example`,
  pid: 4242,
  url: `http://${name}:8080`,
  startedAt: now - 3_600_000,
  heartbeatAt: now - ageMs,
  stoppedAt,
  apps,
  ageMs,
});

const lease = (
  name: string,
  holder: string,
  epoch: number,
  expiresAt: number,
  live: boolean,
): ClusterLease => ({
  name,
  holder,
  epoch,
  expiresAt,
  acquiredAt: now - 60_000,
  live,
});

describe('cluster table', () => {
  it('a node is up, stopped (clean stop) or dead (silent for longer than the ttl)', () => {
    expect(nodeState(node('a', 2_000), 15_000)).toBe('up');
    expect(nodeState(node('a', 15_001), 15_000)).toBe('dead');
    expect(nodeState(node('a', 60_000, now), 15_000)).toBe('stopped');
    expect(withState([node('a', 20_000)], 30_000)[0]?.state).toBe('up');
  });

  it('renders nodes with heartbeat age, state and app counts, and leases with expiry and liveness', () => {
    const out = clusterSection(
      [
        node('ops-1', 2_000, null, { alerts: 'running', report: 'running', bot: 'standby' }),
        node('ops-2', 40_000, null, { alerts: 'backoff' }),
        node('ops-3', 90_000, now - 80_000),
      ],
      [
        lease('app:alerts', 'ops-1', 3, now + 12_000, true),
        lease('connection:slack', 'ops-2', 1, now - 5_000, false),
      ],
      now,
    );
    const lines = out.split('\n');
    expect(lines[0]).toBe('cluster: 3 node(s) (1 up, 1 dead, 1 stopped), 1 of 2 lease(s) held');
    const row = (name: string) => lines.find((l) => l.includes(` ${name} `)) ?? '';
    expect(row('ops-1')).toMatch(
      /ops-1\.example.*4242.*http:\/\/ops-1:8080.*2s ago.*up.*2 running, 1 standby/,
    );
    expect(row('ops-2')).toMatch(/40s ago.*dead.*0 running, 0 standby, 1 other/);
    expect(row('ops-3')).toMatch(/1m30s ago.*stopped.* - /);
    expect(row('app:alerts')).toMatch(/ops-1.*3.*in 12s.*yes/);
    expect(row('connection:slack')).toMatch(/ops-2.*1.*5s ago.*no/);
    for (const head of [
      'NODE',
      'HOST',
      'PID',
      'URL',
      'HEARTBEAT',
      'STATE',
      'APPS',
      'HOLDER',
      'EPOCH',
      'EXPIRES',
      'LIVE',
    ])
      expect(out).toContain(head);
  });

  it('says so when there is nothing yet; a given state wins over the ttl', () => {
    expect(clusterSection([], [], now)).toBe('cluster: 0 node(s), 0 of 0 lease(s) held');
    const out = clusterSection([{ ...node('ops-1', 1_000), state: 'dead' }], [], now);
    expect(out.split('\n')[0]).toBe('cluster: 1 node(s) (1 dead), 0 of 0 lease(s) held');
    expect(clusterSection([node('ops-1', 20_000)], [], now, 30_000).split('\n')[0]).toContain('(1 up)');
  });
});
