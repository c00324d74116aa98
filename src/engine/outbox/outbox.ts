import { randomUUID } from 'node:crypto';
import type { Connector } from '../../connectors/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { OpsbotError } from '../../platform/errors.ts';
import type { NewOutboxItem, StateChanges, Store } from '../../platform/store/types.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { orderedIds } from './ordered-id.ts';
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
  private lastBatchAt = 0;

  constructor(opts: OutboxOptions) {
    this.queue = opts.queue ?? { add: (items, state) => opts.store.outbox.enqueue(items, state) };
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
    const items = this.rowsFor(request, this.clock.now(), randomUUID);
    // One call, one transaction: a fan-out is stored completely or not at all.
    await this.queue.add(items);
    this.worker?.wake();
    return items.map((item) => item.id);
  }

  /**
   * Many messages of one app, and that app's state changes, in one transaction. A message whose
   * target cannot be resolved is left out and reported in `failed` (by its index); the others and
   * the state changes are stored together, all or none. Ids come in the order of `messages`.
   */
  async enqueueMany(
    app: string,
    messages: Array<Omit<EnqueueRequest, 'app'>>,
    state: StateChanges = {},
  ): Promise<{ ids: string[][]; failed: Array<{ index: number; error: string }> }> {
    // One created_at per batch, after the previous batch's: batches are claimed in order, and ids
    // (orderedIds) order the rows within one.
    const createdAt = Math.max(this.clock.now(), this.lastBatchAt + 1);
    this.lastBatchAt = createdAt;
    const items: NewOutboxItem[] = [];
    /** Each message's rows, as positions in `items` (ids come once all are known). */
    const rows: number[][] = [];
    const failed: Array<{ index: number; error: string }> = [];
    for (const [index, request] of messages.entries()) {
      try {
        if (request.payload === undefined) throw new OpsbotError('MESSAGE', 'the payload is undefined');
        // Ids come once every row is known (orderedIds).
        const own = this.rowsFor({ ...request, app }, createdAt, () => '');
        rows.push(own.map((_, i) => items.length + i));
        items.push(...own);
      } catch (err) {
        rows.push([]);
        failed.push({ index, error: err instanceof Error ? err.message : String(err) });
      }
    }
    const ordered = orderedIds(items.length);
    for (const [i, item] of items.entries()) item.id = ordered[i]!;
    await this.queue.add(items, { app, ...state });
    if (items.length > 0) this.worker?.wake();
    return { ids: rows.map((positions) => positions.map((p) => ordered[p]!)), failed };
  }

  /** One outbox row per destination of the request's target; throws TARGET for a bad target. */
  private rowsFor(request: EnqueueRequest, createdAt: number, id: () => string): NewOutboxItem[] {
    return resolveTarget(request.target, this.targets, this.connectors).map((d) => ({
      id: id(),
      app: request.app,
      target: request.target,
      connection: d.connection,
      destination: d.destination,
      kind: request.kind,
      payload: request.payload,
      createdAt,
    }));
  }
}
