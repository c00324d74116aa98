import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { LeaseKeeper } from '../../engine/cluster/lease-keeper.ts';
import { NodeRegistry, nodeId } from '../../engine/cluster/node-registry.ts';
import {
  BullDeliveryQueue,
  type BullDeliveryQueueOptions,
} from '../../engine/outbox/bullmq-delivery-queue.ts';
import type { DeliveryQueue } from '../../engine/outbox/delivery-queue.ts';
import type { ScheduleBackend, SchedulerOptions } from '../../engine/scheduler/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { LoadedConfig } from '../../platform/config/schema.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import { redisOptions } from '../../platform/redis/connection.ts';
import type { Store } from '../../platform/store/types.ts';
import { type ClusterSchedulerDeps, clusterScheduler } from './cluster-scheduler.ts';

/**
 * This daemon as one node of a cluster (`queue: redis://…`): its id, the Redis connection its queues
 * share, the leases it holds and its heartbeat row. Absent in local mode. Made by load-cluster.ts,
 * so a single daemon never loads this module, ioredis or BullMQ.
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
  /** Heartbeats and leases, once the gateway listens (the node row carries its URL). */
  start(deps: ClusterDeps & { url: string; apps(): Record<string, string> }): Promise<void>;
  /** A clean stop hands every lease over at once and marks the node stopped. */
  stop(): Promise<void>;
  /** Delivery through BullMQ, one queue per connection, on this node's Redis connection. */
  deliveryQueue(options: Omit<BullDeliveryQueueOptions, 'redis'>): DeliveryQueue;
  /** BullMQ job schedulers shared by the nodes: each occurrence fires on one node. */
  scheduler(options: SchedulerOptions, deps: ClusterSchedulerDeps): ScheduleBackend;
}

export interface ClusterDeps {
  store: Store;
  clock: Clock;
  log: Logger;
}

/** Opens cluster mode for a config whose `queue` names Redis. Leases start with start(). */
export function openCluster(config: LoadedConfig, deps: ClusterDeps): Cluster {
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
  const cluster: Cluster = {
    node,
    redis,
    leases,
    ttl,
    redisReady: () => redis.status === 'ready',
    start: (startDeps) => startCluster(cluster, startDeps),
    stop: () => stopCluster(cluster),
    deliveryQueue: (options) => new BullDeliveryQueue({ ...options, redis }),
    scheduler: (options, schedulerDeps) => clusterScheduler(options, cluster, schedulerDeps),
  };
  return cluster;
}

async function startCluster(
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

async function stopCluster(cluster: Cluster): Promise<void> {
  await cluster.leases.stop();
  await cluster.registry?.stop();
  cluster.redis.disconnect();
}
