import type { LoadedConfig } from '../../platform/config/schema.ts';
import type { Cluster, ClusterDeps } from './cluster.ts';

/**
 * Cluster mode for a config whose `queue` names Redis, or undefined in local mode. Its code
 * (ioredis and BullMQ: about 270 modules and 14 MiB) loads here, so a single daemon never pays for it.
 */
export async function loadCluster(config: LoadedConfig, deps: ClusterDeps): Promise<Cluster | undefined> {
  if (config.queue === 'local') return undefined;
  const { openCluster } = await import('./cluster.ts');
  return openCluster(config, deps);
}
