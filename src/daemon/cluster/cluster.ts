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
  readonly registry: NodeRegistry;
  /** `lease.ttl` in ms. */
  readonly ttl: number;
  /** Whether Redis answers now (for /healthz). */
  redisReady(): boolean;
}

export interface ClusterDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  /** The gateway's URL, once it listens. */
  url(): string;
  /** App → state on this node, for the heartbeat row. */
  apps(): Record<string, string>;
}

/** Opens cluster mode for a config, or returns undefined in local mode. Leases start with start(). */
export function openCluster(config: LoadedConfig, deps: ClusterDeps): Cluster | undefined {
  if (config.queue === 'local') return undefined;
  const { store, clock, log } = deps;
  const node = config.node.name ?? nodeId(hostname(), process.pid);
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
  const leases = new LeaseKeeper({ leases: store.leases, node, ttl, clock, log: log.child({ part: 'leases' }) });
  const registry = new NodeRegistry({
    store,
    node,
    host: hostname(),
    pid: process.pid,
    url: deps.url,
    ttl,
    clock,
    log: log.child({ part: 'nodes' }),
    apps: deps.apps,
  });
  return { node, redis, leases, registry, ttl, redisReady: () => redis.status === 'ready' };
}

/** Heartbeats and leases begin (after the gateway listens: the node row carries its URL). */
export async function startCluster(cluster: Cluster): Promise<void> {
  await cluster.registry.start();
  cluster.leases.start();
}

/** A clean stop hands every lease over at once and marks the node stopped. */
export async function stopCluster(cluster: Cluster): Promise<void> {
  await cluster.leases.stop();
  await cluster.registry.stop();
  cluster.redis.disconnect();
}
