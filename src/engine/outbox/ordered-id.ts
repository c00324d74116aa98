import { randomInt, randomUUID } from 'node:crypto';

/** Room left above a batch's random start, so its counter never wraps (and reorders). */
const MAX_BATCH = 0x100000;

/**
 * `count` UUIDs that sort in the order given. Rows enqueued together share their created_at, and
 * claims break that tie by id, so a batch is claimed in its order. The first 8 hex digits (what
 * `outbox list` shows and `outbox retry` takes as a prefix) are a random start plus the position,
 * so they stay as distinct as random ids' are; the rest is a random UUID's.
 */
export function orderedIds(count: number): string[] {
  if (count > MAX_BATCH) throw new RangeError(`at most ${MAX_BATCH} ids at once`);
  const start = randomInt(0, 0x1_0000_0000 - MAX_BATCH);
  return Array.from(
    { length: count },
    (_, i) => `${(start + i).toString(16).padStart(8, '0')}${randomUUID().slice(8)}`,
  );
}
