import type { Clock } from '../../platform/clock.ts';
import type { AppStateChanges, NewOutboxItem, OutboxRepo, OutboxStatus } from '../../platform/store/types.ts';
import type { ClaimedItem, DeliveryQueue } from './delivery-queue.ts';

export interface LocalDeliveryQueueOptions {
  /** The store's outbox table: the queue and the record are the same rows. */
  outbox: OutboxRepo;
  clock: Clock;
  /** Ms a claim holds before the item is handed out again. Default 30000 (config `delivery.lease`). */
  lease?: number;
}

/**
 * The single-daemon queue: rows in the store's outbox table, claimed with a lease. The claim token is
 * the row's attempt count at claim time; every claim bumps it, so a later claim invalidates older ones.
 */
export class LocalDeliveryQueue implements DeliveryQueue {
  private readonly outbox: OutboxRepo;
  private readonly clock: Clock;
  private readonly lease: number;

  constructor(options: LocalDeliveryQueueOptions) {
    this.outbox = options.outbox;
    this.clock = options.clock;
    this.lease = options.lease ?? 30_000;
  }

  add(items: NewOutboxItem[], state?: AppStateChanges): Promise<void> {
    return this.outbox.enqueue(items, state);
  }

  async claim(connection: string, limit: number): Promise<ClaimedItem[]> {
    const items = await this.outbox.claimDue(this.clock.now(), limit, this.lease, [connection]);
    return items.map((item) => ({ ...item, claimToken: String(item.attempts) }));
  }

  complete(item: ClaimedItem): Promise<boolean> {
    return this.outbox.markDelivered(item.id, this.clock.now());
  }

  retry(item: ClaimedItem, at: number, error: string): Promise<boolean> {
    return this.outbox.markRetry(item.id, at, error, claimOf(item));
  }

  dead(item: ClaimedItem, error: string): Promise<boolean> {
    return this.outbox.markDead(item.id, error, claimOf(item));
  }

  nextDue(): Promise<number | undefined> {
    return this.outbox.nextDue();
  }

  depth(): Promise<Record<OutboxStatus, number>> {
    return this.outbox.depth();
  }
}

/** A token this queue did not hand out matches no claim (NaN equals nothing), so it changes nothing. */
function claimOf(item: ClaimedItem): number {
  const claim = Number(item.claimToken);
  return Number.isInteger(claim) ? claim : -1;
}
