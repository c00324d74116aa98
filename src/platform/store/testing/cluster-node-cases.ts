import { describe, expect, it } from 'vitest';
import { otherStore } from './cluster-cases.ts';
import type { Env } from './outbox-cases.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const node = (name: string, apps: Record<string, string> = {}) => ({
  node: name,
  host: 'box-1',
  pid: 4242,
  url: `http://${name}:8080`,
  startedAt: 1_000,
  apps,
});

let inboxCounter = 0;

async function handing(env: Env, app: string, claimedBy?: string): Promise<number> {
  inboxCounter += 1;
  const { id } = await env.store.inbox.insert({
    connection: 'works',
    dedupeKey: `cluster-${inboxCounter}`,
    payload: { n: inboxCounter },
    receivedAt: 10,
  });
  await env.store.inboxDeliveries.fanOut(id, [app], 10);
  await env.store.inboxDeliveries.claim(id, app, 11, claimedBy);
  return id;
}

export function clusterNodeCases(env: Env): void {
  describe('cluster: nodes', () => {
    it('heartbeat inserts then updates; list is newest heartbeat first with its age', async () => {
      const { nodes } = env.store;
      await nodes.heartbeat(node('n1', { alerts: 'running' }));
      await sleep(20);
      await nodes.heartbeat(node('n2'));
      const listed = await nodes.list();
      expect(listed.map((n) => n.node)).toEqual(['n2', 'n1']);
      expect(listed[1]).toMatchObject({ ...node('n1', { alerts: 'running' }), stoppedAt: null });
      expect(listed[1]!.ageMs).toBeGreaterThanOrEqual(listed[0]!.ageMs);
      expect(listed[1]!.ageMs).toBeLessThan(5_000);
      await nodes.heartbeat({ ...node('n1', { alerts: 'standby', report: 'running' }), pid: 7 });
      const [first] = await nodes.list();
      expect(first).toMatchObject({ node: 'n1', pid: 7, apps: { alerts: 'standby', report: 'running' } });
      expect(first!.heartbeatAt).toBeGreaterThanOrEqual(listed[0]!.heartbeatAt);
    });

    it('markStopped records a clean stop; a heartbeat under the same name makes it up again', async () => {
      const { nodes } = env.store;
      await nodes.heartbeat(node('n1'));
      await nodes.markStopped('n1');
      await nodes.markStopped('nobody');
      const [stopped] = await nodes.list();
      expect(stopped!.stoppedAt).toBeGreaterThanOrEqual(stopped!.heartbeatAt);
      await nodes.heartbeat(node('n1'));
      expect((await nodes.list())[0]!.stoppedAt).toBeNull();
    });

    it('prune deletes nodes silent or stopped since before a time', async () => {
      const { nodes } = env.store;
      await nodes.heartbeat(node('n1'));
      await nodes.heartbeat(node('n2'));
      await nodes.markStopped('n2');
      expect(await nodes.prune(Date.now() - 60_000)).toBe(0);
      expect(await nodes.prune(Date.now() + 60_000)).toBe(2);
      expect(await nodes.list()).toEqual([]);
    });
  });

  describe('cluster: schedule fires', () => {
    it('each occurrence is claimed once; list and prune by occurrence time', async () => {
      const { fires } = env.store;
      expect(await fires.claim('report', 1_000, 'n1')).toBe(true);
      expect(await fires.claim('report', 1_000, 'n2')).toBe(false);
      expect(await fires.claim('report', 2_000, 'n2')).toBe(true);
      expect(await fires.claim('other', 1_000, 'n2')).toBe(true);
      expect(await fires.list('report')).toEqual([
        { scheduledAt: 1_000, node: 'n1' },
        { scheduledAt: 2_000, node: 'n2' },
      ]);
      expect(await fires.list('report', 1_500)).toEqual([{ scheduledAt: 2_000, node: 'n2' }]);
      expect(await fires.prune(1_500)).toBe(2);
      expect(await fires.list('other')).toEqual([]);
    });

    it('two stores claiming the same occurrences at once: one claim each', async () => {
      const other = await otherStore(env);
      const at = (i: number) => 10_000 + i * 1_000;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => [
          env.store.fires.claim('tick', at(i), 'n1'),
          other.fires.claim('tick', at(i), 'n2'),
        ]).flat(),
      );
      for (let i = 0; i < 20; i += 1) {
        expect([results[2 * i], results[2 * i + 1]].filter(Boolean)).toHaveLength(1);
      }
      expect(await env.store.fires.list('tick')).toHaveLength(20);
    });
  });

  describe('cluster: node-scoped recovery', () => {
    it("runs record their node; markInterrupted with a node ends only that node's runs", async () => {
      const { runs } = env.store;
      const mine = await runs.start({ app: 'a', trigger: 'manual', startedAt: 1, node: 'n1' });
      const theirs = await runs.start({ app: 'a', trigger: 'manual', startedAt: 2, node: 'n2' });
      const local = await runs.start({ app: 'b', trigger: 'manual', startedAt: 3 });
      expect((await runs.get(mine))?.node).toBe('n1');
      expect((await runs.get(local))?.node).toBeNull();
      expect(await runs.markInterrupted(50, 'n2')).toBe(1);
      expect(await runs.markInterrupted(50, 'n2')).toBe(0);
      expect(await runs.get(theirs)).toMatchObject({ outcome: 'interrupted', endedAt: 50, node: 'n2' });
      expect((await runs.get(mine))?.outcome).toBe('running');
      expect((await runs.get(local))?.outcome).toBe('running');
      expect(await runs.markInterrupted(60)).toBe(2);
    });

    it('recoverInterrupted with a node releases only what that node was handing', async () => {
      const deliveries = env.store.inboxDeliveries;
      const n1 = await handing(env, 'alpha', 'n1');
      const n2 = await handing(env, 'alpha', 'n2');
      const local = await handing(env, 'beta');
      const released = await deliveries.recoverInterrupted({
        at: 50,
        maxAttempts: 2,
        node: 'n2',
        error: 'node n2 stopped heartbeating',
      });
      expect(released).toBe(1);
      const status = async (inboxId: number) => (await deliveries.list({ inboxId }))[0];
      expect(await status(n2)).toMatchObject({ status: 'pending', error: 'node n2 stopped heartbeating' });
      expect((await status(n1))?.status).toBe('handing');
      expect((await status(local))?.status).toBe('handing');
      expect(await deliveries.recoverInterrupted({ at: 60, maxAttempts: 2, node: 'n2' })).toBe(0);
      expect(await deliveries.recoverInterrupted({ at: 60, maxAttempts: 2 })).toBe(2);
    });
  });
}
