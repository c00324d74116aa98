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
import { errorMessage, OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
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
}

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
  const queue = new LocalDeliveryQueue({ outbox: store.outbox, clock, lease: config.delivery.lease });
  const worker = new DeliveryWorker({
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

/** Starts what delivers and receives: the worker, the socket/poll receivers, then each connection's setup. */
export async function startDelivery(delivery: Delivery, log: Logger): Promise<void> {
  delivery.worker.start();
  await delivery.receivers.start();
  await Promise.all(
    [...delivery.connectors.values()].map(async (connector) => {
      try {
        await connector.setup?.();
      } catch (err) {
        log.error(
          { connection: connector.name, err: errorMessage(err) },
          'connection setup failed; it still sends, but may receive nothing until the next start',
        );
      }
    }),
  );
}

/** Stops the worker (sends in flight keep their lease, so nothing is lost) and closes the connectors. */
export async function closeDelivery(delivery: Delivery): Promise<void> {
  await delivery.receivers.stop();
  await delivery.worker.stop();
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
