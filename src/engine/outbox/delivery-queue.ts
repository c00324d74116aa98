import type { AppStateChanges, NewOutboxItem, OutboxItem, OutboxStatus } from '../../platform/store/types.ts';

/** An item a worker holds: `claimToken` proves the claim is still its own when it reports the outcome. */
export interface ClaimedItem extends OutboxItem {
  readonly claimToken: string;
}

/**
 * Where outbound messages wait for delivery. The outbox table stays the record of every message;
 * a queue decides who sends what, when. `local` (the store's outbox table, one daemon) and, in cluster
 * mode, BullMQ (one queue per connection) implement it; `testing/delivery-queue-cases.ts` is the
 * contract both must pass.
 *
 * Claims are leases: a claimed item not completed, retried or declared dead within the lease is
 * handed out again (the worker died mid-send). Every outcome call names the claim it comes from, and
 * a claim that is no longer current (its lease ran out and someone else claimed the item) changes
 * nothing and answers false — so a stale worker can never cause an extra send.
 */
export interface DeliveryQueue {
  /**
   * Stores the items (all or none), due now, and `state` (the sending app's key-value changes) in the
   * same transaction. Resolves once they are durable.
   */
  add(items: NewOutboxItem[], state?: AppStateChanges): Promise<void>;
  /** Up to `limit` due items of one connection, oldest due first; each claimed for the lease. */
  claim(connection: string, limit: number): Promise<ClaimedItem[]>;
  /** Sent. Recorded even when the claim went stale: it is true, and it stops further sends. */
  complete(item: ClaimedItem): Promise<boolean>;
  /** Failed for now: due again at `at` (epoch ms). False (nothing changed) when the claim is stale. */
  retry(item: ClaimedItem, at: number, error: string): Promise<boolean>;
  /** Failed for good. False (nothing changed) when the claim is stale. */
  dead(item: ClaimedItem, error: string): Promise<boolean>;
  /** The earliest instant something may become claimable (a retry time, a lease end); undefined when nothing waits. */
  nextDue(): Promise<number | undefined>;
  /** Items per status, every status present. */
  depth(): Promise<Record<OutboxStatus, number>>;
  /**
   * Optional: the service answered 429, so hand out nothing more for `connection` until `until`
   * (epoch ms) — on every node, where the queue is shared. Without it, each worker's own limiter
   * pauses only its own sends.
   */
  pause?(connection: string, until: number): Promise<void>;
  /** Optional: releases what the queue opened (connections, workers). The queue is unusable after. */
  close?(): Promise<void>;
}
