import type { PortableMessage, StateChanges } from 'opsbot';
import type { Alert } from './rules.ts';

/** One message of a batch, with the alert it stands for (none for a summary). */
export interface BatchMessage {
  target: string;
  message: PortableMessage;
  alert?: Alert;
}

/**
 * What one step of the processor changes: messages for the outbox and the app's state (journal
 * removals, coalescing and maintenance records), committed together by ctx.notifyMany in one
 * transaction. That is what makes delivery exactly-once: an alert's journal entry goes in the very
 * commit that queues its message, so after a crash it is either still journaled and nothing of it
 * was queued, or queued and no longer journaled.
 *
 * Values are kept by reference and read at commit, so a record changed again later in the same
 * batch is written once, as it ends up. A later delete of a key replaces an earlier set, and back.
 */
export class Batch {
  readonly messages: BatchMessage[] = [];
  readonly counts = { held: 0, coalesced: 0 };
  private readonly sets = new Map<string, unknown>();
  private readonly deletes = new Set<string>();

  set(key: string, value: unknown): void {
    this.deletes.delete(key);
    this.sets.set(key, value);
  }

  delete(key: string): void {
    this.sets.delete(key);
    this.deletes.add(key);
  }

  notify(targets: string[], message: PortableMessage, alert?: Alert): void {
    for (const target of targets) this.messages.push({ target, message, ...(alert ? { alert } : {}) });
  }

  get empty(): boolean {
    return this.messages.length === 0 && this.sets.size === 0 && this.deletes.size === 0;
  }

  changes(): StateChanges {
    return {
      set: [...this.sets].map(([key, value]) => ({ key, value })),
      delete: [...this.deletes],
    };
  }
}

/**
 * Runs `work` into the caller's batch, or - without one - into a batch of its own that `commit`
 * stores at once (a timer closing a window, a unit test calling one method).
 */
export async function inBatch(
  batch: Batch | undefined,
  commit: (batch: Batch) => Promise<unknown>,
  work: (batch: Batch) => Promise<void> | void,
): Promise<void> {
  const own = batch ?? new Batch();
  await work(own);
  if (!batch) await commit(own);
}
