import { connectorTypes } from '../connectors/registry.ts';
import type { Connector } from '../connectors/types.ts';
import { type ReceiverSink, Receivers } from '../engine/inbound/receivers.ts';
import type { Metrics } from '../engine/metrics.ts';
import { AuthService } from '../engine/oauth/auth-service.ts';
import type { DeliveryQueue } from '../engine/outbox/delivery-queue.ts';
import { LocalDeliveryQueue } from '../engine/outbox/local-delivery-queue.ts';
import { Outbox } from '../engine/outbox/outbox.ts';
import { DeliveryWorker } from '../engine/outbox/worker.ts';
import type { ScheduleBackend } from '../engine/scheduler/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { LoadedConfig } from '../platform/config/schema.ts';
import { OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
import type { Cluster } from './cluster/cluster.ts';
import { leadConnections, releaseConnections, setupConnection } from './cluster/leader-connections.ts';
import { stableJson } from './fingerprint.ts';
import type { AppEntry } from './supervisor.ts';

/** The parts rebuilt together when connections, targets or delivery settings change. */
export interface Delivery {
  readonly connectors: ReadonlyMap<string, Connector>;
  readonly queue: DeliveryQueue;
  readonly outbox: Outbox;
  readonly worker: DeliveryWorker;
  readonly auth: AuthService;
  /** Socket and poll receivers of these connectors (webhooks come in through the gateway). */
  readonly receivers: Receivers;
}

/**
 * Everything the daemon runs on for one config. Frozen: a reload builds the next one and the daemon
 * swaps the whole object, so every reader sees one consistent config, connector set and app set.
 */
export interface Runtime extends Delivery {
  readonly config: LoadedConfig;
  readonly scheduler: ScheduleBackend;
  readonly apps: ReadonlyMap<string, AppEntry>;
}

export interface DeliveryDeps {
  store: Store;
  log: Logger;
  clock: Clock;
  metrics: Metrics;
  /** Where socket and poll receivers hand their events (the gateway's inbound path). */
  receive: ReceiverSink;
  /** Cluster mode: the queue is BullMQ, and singleton connection work waits for its lease. */
  cluster?: Cluster | undefined;
}

/** Cluster mode: how often an idle worker looks for work other nodes queued (local mode is woken directly). */
const CLUSTER_POLL = 250;

export function createConnectors(
  config: LoadedConfig,
  store: Store,
  log: Logger,
  clock: Clock,
): Map<string, Connector> {
  const connectors = new Map<string, Connector>();
  const publicUrl = gatewayUrl(config);
  for (const [name, conn] of Object.entries(config.connections)) {
    const type = connectorTypes.get(conn.type);
    if (!type) throw new OpsbotError('CONFIG', `connections.${name}: unknown connection type "${conn.type}"`);
    connectors.set(
      name,
      type.create({
        name,
        options: conn,
        store,
        log: log.child({ connection: name }),
        clock,
        publicUrl,
        ...(config.vault ? { vault: config.vault } : {}),
      }),
    );
  }
  return connectors;
}

/** How people and platforms reach the gateway: http.publicUrl, else the listen address. */
export function gatewayUrl(config: LoadedConfig): string {
  const { host, port, publicUrl } = config.http;
  return (publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
}

function rateLimits(config: LoadedConfig): Map<string, number> {
  const limits = new Map<string, number>();
  for (const [name, conn] of Object.entries(config.connections))
    if (conn.rateLimit) limits.set(name, conn.rateLimit);
  return limits;
}

function maxRetryAfters(config: LoadedConfig): Map<string, number> {
  const limits = new Map<string, number>();
  for (const [name, conn] of Object.entries(config.connections))
    if (conn.maxRetryAfter !== undefined) limits.set(name, conn.maxRetryAfter);
  return limits;
}

/** Whether a reload must rebuild delivery (connectors, queue, outbox, worker, auth). */
export function deliveryChanged(a: LoadedConfig, b: LoadedConfig): boolean {
  // A changed vault means connections that read accounts from it need the new one.
  const parts = (c: LoadedConfig) => stableJson([c.connections, c.targets, c.delivery, c.secrets.vault]);
  return parts(a) !== parts(b);
}

/** Connectors, queue, outbox, worker and auth for a config. The worker is not started yet. */
export function buildDelivery(config: LoadedConfig, deps: DeliveryDeps): Delivery {
  const { store, log, clock, metrics } = deps;
  const connectors = createConnectors(config, store, log, clock);
  const queue = queueFor(config, deps, connectors);
  const worker = new DeliveryWorker({
    ...(deps.cluster ? { pollInterval: CLUSTER_POLL } : {}),
    queue,
    connectors,
    clock,
    log: log.child({ part: 'delivery' }),
    metrics,
    delivery: config.delivery,
    rateLimits: rateLimits(config),
    maxRetryAfter: maxRetryAfters(config),
  });
  const outbox = new Outbox({ store, queue, targets: config.targets, connectors, clock, worker });
  const auth = new AuthService({
    connectors,
    store,
    clock,
    outbox,
    targets: config.targets,
    log: log.child({ part: 'auth' }),
  });
  const receivers = new Receivers({ connectors: connectors.values(), sink: deps.receive, log });
  return { connectors, queue, outbox, worker, auth, receivers };
}

/** The single-daemon queue is the store's outbox table; cluster mode sends through BullMQ, one queue per connection. */
function queueFor(
  config: LoadedConfig,
  deps: DeliveryDeps,
  connectors: Map<string, Connector>,
): DeliveryQueue {
  const { store, clock, log, cluster } = deps;
  if (!cluster) return new LocalDeliveryQueue({ outbox: store.outbox, clock, lease: config.delivery.lease });
  return cluster.deliveryQueue({
    outbox: store.outbox,
    clock,
    lease: config.delivery.lease,
    rateLimits: rateLimitsOf(config, connectors),
    connections: [...connectors.keys()],
    log: log.child({ part: 'queue' }),
  });
}

/** Every sending connection's limit, so the cluster-wide limit is the one the local worker would apply. */
function rateLimitsOf(config: LoadedConfig, connectors: Map<string, Connector>): Map<string, number> {
  const limits = rateLimits(config);
  for (const [name, connector] of connectors)
    if (!limits.has(name) && connector.defaultRateLimit) limits.set(name, connector.defaultRateLimit);
  return limits;
}

/**
 * Starts what delivers and receives: the worker, the socket/poll receivers, then each connection's
 * setup — in cluster mode those two only on the node holding the connection's lease.
 */
export async function startDelivery(delivery: Delivery, log: Logger, cluster?: Cluster): Promise<void> {
  delivery.worker.start();
  if (cluster) {
    leadConnections(delivery, cluster.leases, log);
    return;
  }
  await delivery.receivers.start();
  await Promise.all([...delivery.connectors.values()].map((c) => setupConnection(c, log)));
}

/** Stops the worker (sends in flight keep their lease, so nothing is lost) and closes the connectors. */
export async function closeDelivery(delivery: Delivery, cluster?: Cluster): Promise<void> {
  if (cluster) await releaseConnections(delivery, cluster.leases);
  await delivery.receivers.stop();
  await delivery.worker.stop();
  await delivery.queue.close?.();
  await Promise.all([...delivery.connectors.values()].map((c) => c.close?.()));
}

/** A read-only view that always shows the current runtime's map (for parts built once, like the gateway). */
export function liveMap<K, V>(current: () => ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  return {
    get size() {
      return current().size;
    },
    get: (key) => current().get(key),
    has: (key) => current().has(key),
    forEach: (fn, thisArg) => {
      for (const [k, v] of current()) fn.call(thisArg, v, k, current());
    },
    entries: () => current().entries(),
    keys: () => current().keys(),
    values: () => current().values(),
    [Symbol.iterator]: () => current()[Symbol.iterator](),
  };
}
