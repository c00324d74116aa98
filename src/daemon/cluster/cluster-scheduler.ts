import { BullScheduleBackend } from '../../engine/scheduler/bullmq-schedule-backend.ts';
import type { SchedulerOptions } from '../../engine/scheduler/index.ts';
import type { LoadedConfig } from '../../platform/config/schema.ts';
import type { Store } from '../../platform/store/types.ts';
import type { AppEntry } from '../supervisor.ts';
import type { Cluster } from './cluster.ts';
import { appLease } from './singleton-apps.ts';

export interface ClusterSchedulerDeps {
  store: Store;
  /** The current runtime's apps and config (both swapped whole on reload). */
  apps(): ReadonlyMap<string, AppEntry>;
  config(): LoadedConfig;
}

/** BullMQ job schedulers shared by the cluster: each occurrence fires on one node, one that runs the app. */
export function clusterScheduler(
  options: SchedulerOptions,
  cluster: Cluster,
  deps: ClusterSchedulerDeps,
): BullScheduleBackend {
  return new BullScheduleBackend({
    ...options,
    redis: cluster.redis,
    node: cluster.node,
    fires: deps.store.fires,
    // A singleton app's occurrence belongs to the node running it; a standby or stopped copy passes it on.
    canFire: (id) => {
      const process = deps.apps().get(id)?.process;
      return process?.state === 'running' && !process.paused;
    },
    owned: (id) => deps.config().apps[id]?.enabled === true,
    runnerOf: async (id) => {
      const leases = await deps.store.leases.list();
      return leases.find((lease) => lease.name === appLease(id) && lease.live)?.holder;
    },
  });
}
