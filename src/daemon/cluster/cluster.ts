import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { LeaseKeeper } from '../../engine/cluster/lease-keeper.ts';
import { NodeRegistry, nodeId } from '../../engine/cluster/node-registry.ts';
import type { Clock } from '../../platform/clock.ts';
import type { LoadedConfig } from '../../platform/config/schema.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import { redisOptions } from '../../platform/redis/connection.ts';
import type { Store } from '../../platform/store/types.ts';

/**
 * This daemon as one node of a cluster (`queue: redis://…`): its id, the Redis connection its queues
 * share, the leases it holds and its heartbeat row. Absent in local mode.
 */
export interface Cluster {
  readonly node: string;
  readonly redis: Redis;
  readonly leases: LeaseKeeper;
  /** The node's heartbeat row; made by startCluster, once the gateway's URL is known. */
  registry?: NodeRegistry;
  /** `lease.ttl` in ms. */
  readonly ttl: number;
  /** Whether Redis answers now (for /healthz). */
  redisReady(): boolean;
}

export interface ClusterDeps {
  store: Store;
  clock: Clock;
  log: Logger;
}

/** Opens cluster mode for a config, or returns undefined in local mode. Leases start with start(). */
export function openCluster(config: LoadedConfig, deps: ClusterDeps): Cluster | undefined {
  if (config.queue === 'local') return undefined;
  const { store, clock, log } = deps;
  const node = nodeId(config.node);
  const ttl = config.lease.ttl;
  const redis = new Redis(redisOptions(config.queue));
  let down = false;
  // ioredis reconnects by itself; say so once per outage rather than per retry.
  redis.on('error', (err) => {
    if (down) return;
    down = true;
    log.error({ err: errorMessage(err) }, 'cluster: Redis is unreachable; reconnecting');
  });
  redis.on('ready', () => {
    if (down) log.info('cluster: Redis is back');
    down = false;
  });
  const leases = new LeaseKeeper({
    leases: store.leases,
    node,
    ttl,
    clock,
    log: log.child({ part: 'leases' }),
  });
  return { node, redis, leases, ttl, redisReady: () => redis.status === 'ready' };
}

/** Heartbeats and leases begin once the gateway listens (the node row carries its URL). */
export async function startCluster(
  cluster: Cluster,
  deps: ClusterDeps & { url: string; apps(): Record<string, string> },
): Promise<void> {
  cluster.registry = new NodeRegistry({
    store: deps.store,
    node: cluster.node,
    host: hostname(),
    pid: process.pid,
    url: deps.url,
    ttl: cluster.ttl,
    clock: deps.clock,
    log: deps.log.child({ part: 'nodes' }),
    apps: deps.apps,
  });
  await cluster.registry.start();
  await cluster.leases.start();
}

/** A clean stop hands every lease over at once and marks the node stopped. */
export async function stopCluster(cluster: Cluster): Promise<void> {
  await cluster.leases.stop();
  await cluster.registry?.stop();
  cluster.redis.disconnect();
}
