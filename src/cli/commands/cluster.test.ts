import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../platform/store/open.ts';
import { TEST_PG_URL, testMasterKey } from '../../platform/store/testing/backends.ts';
import type { Store } from '../../platform/store/types.ts';
import { runCli } from '../main.ts';
import { clusterLeasesCommand, clusterNodesCommand } from './cluster.ts';

/** Runs a command with stdout and stderr captured. */
async function captured(
  work: () => Promise<unknown>,
): Promise<{ out: string; err: string; result: unknown }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const result = await work();
    return { out, err, result };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('opsbot cluster nodes | leases', () => {
  const schema = `opsbot_test_${randomBytes(6).toString('hex')}`;
  let dir: string;
  let config: string;
  let sqliteConfig: string;
  /** The same store with `lease: { ttl: 1s }`: a heartbeat over a second old is dead. */
  let shortTtlConfig: string;
  let store: Store;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsbot-cluster-cli-'));
    config = join(dir, 'opsbot.yaml');
    const sep = TEST_PG_URL.includes('?') ? '&' : '?';
    const storeLine = `store: "${TEST_PG_URL}${sep}schema=${schema}"\n`;
    await writeFile(config, `dataDir: ./data\n${storeLine}`);
    shortTtlConfig = join(dir, 'short-ttl.yaml');
    await writeFile(shortTtlConfig, `dataDir: ./data\n${storeLine}lease: { ttl: 1s }\n`);
    sqliteConfig = join(dir, 'sqlite.yaml');
    await writeFile(sqliteConfig, 'dataDir: ./data-sqlite\n');
    store = await openStore({ url: TEST_PG_URL, schema, dataDir: dir, masterKey: testMasterKey });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });
  afterAll(async () => {
    await store?.close();
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
    await rm(dir, { recursive: true, force: true });
  });

  it('with nothing in the cluster yet: says so, and --json is []', async () => {
    const nodes = await captured(() => clusterNodesCommand({ config }));
    expect(nodes.err).toContain('no node has joined');
    expect(JSON.parse((await captured(() => clusterLeasesCommand({ config, json: true }))).out)).toEqual([]);
  });

  it('lists the nodes of the shared store with their state, and the leases with their holders', async () => {
    const beat = (node: string, apps: Record<string, string>) =>
      store.nodes.heartbeat({
        node,
        host: 'box',
        pid: 11,
        url: `http://${node}:8080`,
        startedAt: 1_000,
        apps,
      });
    await beat('ops-1', { alerts: 'running', bot: 'standby' });
    await beat('ops-2', {});
    await store.nodes.markStopped('ops-2');
    await store.leases.acquire('app:alerts', 'ops-1', 60_000);

    const json = await captured(() => runCli(['cluster', 'nodes', '--json', '--config', config]));
    expect(json.result).toBe(0);
    const nodes = JSON.parse(json.out) as Array<Record<string, unknown>>;
    expect(nodes.map((n) => [n.node, n.state])).toEqual(
      expect.arrayContaining([
        ['ops-1', 'up'],
        ['ops-2', 'stopped'],
      ]),
    );
    expect(nodes.find((n) => n.node === 'ops-1')).toMatchObject({
      host: 'box',
      pid: 11,
      url: 'http://ops-1:8080',
      apps: { alerts: 'running', bot: 'standby' },
      stoppedAt: null,
    });

    // With a lease.ttl shorter than the heartbeat's age, a node that never said it stopped is dead.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const dead = await captured(() => clusterNodesCommand({ config: shortTtlConfig, json: true }));
    expect(
      (JSON.parse(dead.out) as Array<{ node: string; state: string }>).find((n) => n.node === 'ops-1')?.state,
    ).toBe('dead');

    const table = await captured(() => runCli(['cluster', 'nodes', '--config', config]));
    expect(table.out).toMatch(/ops-1.*box.*11.*http:\/\/ops-1:8080.*ago.*up.*1 running, 1 standby/);
    expect(table.out).toMatch(/ops-2.*stopped/);

    const leases = await captured(() => runCli(['cluster', 'leases', '--json', '--config', config]));
    expect(JSON.parse(leases.out)).toEqual([
      expect.objectContaining({ name: 'app:alerts', holder: 'ops-1', epoch: 1, live: true }),
    ]);
    const leaseTable = await captured(() => runCli(['cluster', 'leases', '--config', config]));
    expect(leaseTable.out).toMatch(/app:alerts.*ops-1.*1.*in \d+s.*yes/);
  });

  it('with a SQLite store: one line saying what cluster mode needs, exit 0, [] for --json', async () => {
    const plain = await captured(() => runCli(['cluster', 'nodes', '--config', sqliteConfig]));
    expect(plain.result).toBe(0);
    expect(plain.out).toBe('');
    expect(plain.err.trim().split('\n')).toEqual([
      expect.stringMatching(/store: postgres:\/\/.*queue: redis:\/\//),
    ]);
    const json = await captured(() => runCli(['cluster', 'leases', '--json', '--config', sqliteConfig]));
    expect(json.result).toBe(0);
    expect(JSON.parse(json.out)).toEqual([]);
  });
});
