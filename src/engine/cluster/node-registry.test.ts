import { hostname } from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../platform/log.ts';
import { type Backend, postgresBackend } from '../../platform/store/testing/backends.ts';
import type { Store } from '../../platform/store/types.ts';
import { nodeId } from './node-id.ts';
import { NodeRegistry } from './node-registry.ts';

const TTL = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('nodeId', () => {
  it('is node.name when set, else host-pid', () => {
    expect(nodeId({ name: 'ops-1' }, 'box', 42)).toBe('ops-1');
    expect(nodeId({ name: '  ' }, 'box', 42)).toBe('box-42');
    expect(nodeId(undefined, 'box', 42)).toBe('box-42');
    expect(nodeId({})).toBe(`${hostname()}-${process.pid}`);
  });
});

describe('NodeRegistry (real Postgres)', () => {
  let backend: Backend;
  let store: Store;
  const registries: NodeRegistry[] = [];
  const registry = (node: string, apps: Record<string, string> = {}) => {
    const r = new NodeRegistry({
      store,
      node,
      host: 'box-1',
      pid: 100,
      url: `http://${node}:8080`,
      ttl: TTL,
      log: silentLogger(),
      apps: () => apps,
    });
    registries.push(r);
    return r;
  };

  /** What a daemon that died would leave: a stale row, a running run, an event in an app's hands. */
  async function leftBehind(node: string): Promise<{ run: number; inboxId: number }> {
    await store.nodes.heartbeat({ node, host: 'box-2', pid: 7, url: 'http://x', startedAt: 1, apps: {} });
    const run = await store.runs.start({ app: 'report', trigger: 'manual', startedAt: 5, node });
    const { id: inboxId } = await store.inbox.insert({
      connection: 'works',
      dedupeKey: `${node}-event`,
      payload: {},
      receivedAt: 5,
    });
    await store.inboxDeliveries.fanOut(inboxId, ['bot'], 5);
    await store.inboxDeliveries.claim(inboxId, 'bot', 6, node);
    return { run, inboxId };
  }

  beforeAll(async () => {
    backend = await postgresBackend();
    store = await backend.open();
  });
  beforeEach(async () => {
    for (const r of registries.splice(0)) await r.stop();
    await backend.reset();
  });
  afterAll(async () => {
    for (const r of registries.splice(0)) await r.stop();
    await backend.dispose();
  });

  it('heartbeats with its apps while running; a clean stop shows as stopped and stays so', async () => {
    const apps: Record<string, string> = { alerts: 'running' };
    const r = registry('n1', apps);
    await r.start();
    const [row] = await store.nodes.list();
    expect(row).toMatchObject({
      node: 'n1',
      host: 'box-1',
      pid: 100,
      url: 'http://n1:8080',
      stoppedAt: null,
    });
    expect(row!.apps).toEqual({ alerts: 'running' });
    apps.alerts = 'standby';
    await sleep(TTL);
    const [later] = await store.nodes.list();
    expect(later!.heartbeatAt).toBeGreaterThan(row!.heartbeatAt);
    expect(later!.apps).toEqual({ alerts: 'standby' });
    expect(later!.startedAt).toBe(row!.startedAt);
    await r.stop();
    await r.beat();
    const [stopped] = await store.nodes.list();
    expect(stopped!.stoppedAt).not.toBeNull();
  });

  it("releases a dead node's runs and inbound events once, and leaves live and stopped nodes' alone", async () => {
    const dead = await leftBehind('n-dead');
    const stopped = await leftBehind('n-stopped');
    await store.nodes.markStopped('n-stopped');
    const live = registry('n-live');
    await live.start();
    const liveRun = await store.runs.start({
      app: 'report',
      trigger: 'manual',
      startedAt: 9,
      node: 'n-live',
    });
    const sweeper = registry('n-sweeper');
    await sweeper.start();
    expect((await store.runs.get(dead.run))?.outcome).toBe('running');
    await sleep(TTL + 50);
    // Both registries sweep on their ticks; whoever comes first does the work, the other finds nothing.
    const swept = [...(await sweeper.sweep()), ...(await live.sweep())];
    expect(swept.every((s) => s.node === 'n-dead')).toBe(true);
    expect(await store.runs.get(dead.run)).toMatchObject({ outcome: 'interrupted', node: 'n-dead' });
    const [delivery] = await store.inboxDeliveries.list({ inboxId: dead.inboxId });
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    expect(delivery!.error).toMatch(/node n-dead stopped heartbeating/);
    expect((await store.runs.get(stopped.run))?.outcome).toBe('running');
    expect((await store.inboxDeliveries.list({ inboxId: stopped.inboxId }))[0]?.status).toBe('handing');
    expect((await store.runs.get(liveRun))?.outcome).toBe('running');
    expect((await store.nodes.list()).map((n) => n.node).sort()).toEqual([
      'n-dead',
      'n-live',
      'n-stopped',
      'n-sweeper',
    ]);
  });

  it('a sweep reports what it released', async () => {
    await leftBehind('n-dead');
    const sweeper = registry('n-sweeper');
    await sleep(TTL + 50);
    expect(await sweeper.sweep()).toEqual([{ node: 'n-dead', runs: 1, deliveries: 1 }]);
    expect(await sweeper.sweep()).toEqual([]);
  });
});
