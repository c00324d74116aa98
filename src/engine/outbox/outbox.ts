import { randomUUID } from 'node:crypto';
import type { Connector } from '../../connectors/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { OpsbotError } from '../../platform/errors.ts';
import type { NewOutboxItem, Store } from '../../platform/store/types.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { resolveTarget } from './targets.ts';

export interface OutboxOptions {
  store: Store;
  /** Where new items go. Default: the store's outbox table directly (the local queue's own rows). */
  queue?: Pick<DeliveryQueue, 'add'>;
  connectors: Map<string, Connector>;
  /** Named targets from opsbot.yaml. */
  targets: Record<string, string | string[]>;
  clock: Clock;
  /** Told after every enqueue so delivery starts now instead of at its next poll. */
  worker?: { wake(): void };
}

export interface EnqueueRequest {
  /** The sending app, or null for the daemon/CLI itself. */
  app: string | null;
  target: string;
  kind: 'portable' | 'native';
  payload: unknown;
}

/**
 * The durable front door for outbound messages. Once enqueue() resolves, every destination has a row
 * in the store: the message will be delivered or end up dead (visible, retryable), never dropped.
 */
export class Outbox {
  private readonly queue: Pick<DeliveryQueue, 'add'>;
  private readonly connectors: Map<string, Connector>;
  private readonly targets: Record<string, string | string[]>;
  private readonly clock: Clock;
  private worker: { wake(): void } | undefined;

  constructor(opts: OutboxOptions) {
    this.queue = opts.queue ?? { add: (items) => opts.store.outbox.enqueue(items) };
    this.connectors = opts.connectors;
    this.targets = opts.targets;
    this.clock = opts.clock;
    this.worker = opts.worker;
  }

  /** For wiring order: the worker may be built after the outbox. */
  attach(worker: { wake(): void }): void {
    this.worker = worker;
  }

  /** Returns one item id per destination. Throws OpsbotError TARGET (nothing stored) for a bad target. */
  async enqueue(request: EnqueueRequest): Promise<string[]> {
    if (request.payload === undefined) {
      throw new OpsbotError('MESSAGE', `nothing to send to '${request.target}': the payload is undefined`);
    }
    const destinations = resolveTarget(request.target, this.targets, this.connectors);
    const createdAt = this.clock.now();
    const items: NewOutboxItem[] = destinations.map((d) => ({
      id: randomUUID(),
      app: request.app,
      target: request.target,
      connection: d.connection,
      destination: d.destination,
      kind: request.kind,
      payload: request.payload,
      createdAt,
    }));
    // One call, one transaction: a fan-out is stored completely or not at all.
    await this.queue.add(items);
    this.worker?.wake();
    return items.map((item) => item.id);
  }
}
