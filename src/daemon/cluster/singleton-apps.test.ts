import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseKeeper } from '../../engine/cluster/lease-keeper.ts';
import { silentLogger } from '../../platform/log.ts';
import { type Backend, postgresBackend } from '../../platform/store/testing/backends.ts';
import type { Store } from '../../platform/store/types.ts';
import type { AppEntry } from '../supervisor.ts';
import { until } from '../testing/until.ts';
import { SingletonApps } from './singleton-apps.ts';

/** Just what SingletonApps reads and calls of an app's process. */
class FakeProcess {
  state = 'standby';
  ready: { singleton: boolean } | null = null;
  leads = 0;
  restarts = 0;
  lead() {
    this.leads += 1;
    this.state = 'running';
    this.ready = { singleton: true };
  }
  async restart() {
    this.restarts += 1;
    this.state = 'standby';
  }
}

const TTL = 1200;

describe('SingletonApps', () => {
  let backend: Backend;
  let store: Store;
  beforeAll(async () => {
    backend = await postgresBackend();
    store = await backend.open();
  });
  afterAll(() => backend.dispose());

  function node(name: string, process: FakeProcess) {
    const leases = new LeaseKeeper({ leases: store.leases, node: name, ttl: TTL, log: silentLogger() });
    const apps = new Map([['relay', { name: 'relay', process } as unknown as AppEntry]]);
    return { leases, singletons: new SingletonApps({ leases, apps: () => apps, log: silentLogger() }) };
  }

  it('starts the app on the node that takes its lease; the other waits, then takes over when it goes', async () => {
    const [p1, p2] = [new FakeProcess(), new FakeProcess()];
    const [n1, n2] = [node('n1', p1), node('n2', p2)];
    await n1.leases.start();
    n1.singletons.standby('relay');
    await until(() => p1.state === 'running');
    await n2.leases.start();
    n2.singletons.standby('relay');
    n2.singletons.standby('relay'); // reported twice (a restart into standby): still one want
    await new Promise((r) => setTimeout(r, TTL / 2));
    expect([p1.leads, p2.leads, p2.state]).toEqual([1, 0, 'standby']);

    // Writes of the holder pass the fence; the standby copy's are refused.
    await expect(n1.singletons.fence('relay', 'enqueue')).resolves.toBeUndefined();
    await expect(n2.singletons.fence('relay', 'enqueue')).rejects.toMatchObject({ code: 'LEASE_LOST' });
    await expect(n2.singletons.fence('relay', 'kv.get')).resolves.toBeUndefined(); // reads are not fenced

    // A clean stop hands the lease over: n2 starts its copy.
    await n1.leases.stop();
    await until(() => p2.state === 'running');
    expect(p1.restarts).toBe(1); // n1's copy went back to standby when its lease went
    await n2.leases.stop();
  });

  it('an app stopped on its node releases the lease at once', async () => {
    const [p1, p2] = [new FakeProcess(), new FakeProcess()];
    const [n1, n2] = [node('a1', p1), node('a2', p2)];
    await Promise.all([n1.leases.start(), n2.leases.start()]);
    n1.singletons.standby('relay');
    await until(() => p1.state === 'running');
    n2.singletons.standby('relay');
    p1.state = 'stopped';
    await n1.singletons.released('relay');
    await until(() => p2.state === 'running');
    expect((await store.leases.list()).find((l) => l.name === 'app:relay')?.holder).toBe('a2');
    await Promise.all([n1.leases.stop(), n2.leases.stop()]);
  });
});
