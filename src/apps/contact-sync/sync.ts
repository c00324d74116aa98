/**
 * The diff against what the customer file holds, and writing it in batches. Kakao cannot list a
 * file's users, so "what the file holds" is this app's own record in the store, updated after every
 * batch Kakao accepted. A run that fails halfway leaves that record exact up to the last good batch;
 * the next run diffs against it and sends only what is still missing. Re-sending a batch whose answer
 * was lost is harmless: adds are upserts by phone and deleting an absent phone does nothing.
 */
import type { AppStore } from 'opsbot';
import type { FieldValue, KakaoClient, KakaoUser } from './kakao.ts';

export interface SyncedRecord {
  name: string;
  field: Record<string, FieldValue>;
}

/** What the store remembers about the file. */
export interface SyncState {
  fileId: number | string;
  fileName: string;
  records: Record<string, SyncedRecord>;
}

export const STATE_KEY = 'synced';

export interface Diff {
  add: Array<KakaoUser & { name: string }>;
  update: Array<KakaoUser & { name: string }>;
  /** Phones to delete, with the name they were synced under. */
  remove: Array<{ id: string; name: string }>;
  unchanged: number;
}

const stable = (field: Record<string, FieldValue>) =>
  JSON.stringify(
    Object.keys(field)
      .sort()
      .map((k) => [k, field[k]]),
  );

export function diff(previous: Record<string, SyncedRecord>, desired: Map<string, SyncedRecord>): Diff {
  const out: Diff = { add: [], update: [], remove: [], unchanged: 0 };
  for (const [id, rec] of desired) {
    const old = previous[id];
    if (!old) out.add.push({ id, name: rec.name, field: rec.field });
    else if (stable(old.field) !== stable(rec.field))
      out.update.push({ id, name: rec.name, field: rec.field });
    else out.unchanged++;
  }
  for (const [id, rec] of Object.entries(previous)) {
    if (!desired.has(id)) out.remove.push({ id, name: rec.name });
  }
  return out;
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export interface ApplyProgress {
  calls: number;
  removed: number;
  upserted: number;
}

/** A batch failed; `progress` is what went through before it, `cause` the Kakao error. */
export class SyncAbort extends Error {
  readonly progress: ApplyProgress;
  constructor(message: string, progress: ApplyProgress, cause: unknown) {
    super(message, { cause });
    this.name = 'SyncAbort';
    this.progress = progress;
  }
}

/**
 * Deletes leavers, then adds and updates, `batchSize` users per call. After each accepted call the
 * state in the store is updated, so a failure loses no progress.
 */
export async function applyDiff(input: {
  kakao: KakaoClient;
  store: AppStore;
  state: SyncState;
  diff: Diff;
  batchSize: number;
}): Promise<ApplyProgress> {
  const { kakao, store, state, batchSize } = input;
  const progress: ApplyProgress = { calls: 0, removed: 0, upserted: 0 };
  const steps = [
    ...chunks(input.diff.remove, batchSize).map((batch) => ({ kind: 'delete' as const, batch })),
    ...chunks([...input.diff.add, ...input.diff.update], batchSize).map((batch) => ({
      kind: 'upsert' as const,
      batch,
    })),
  ];
  for (const [i, step] of steps.entries()) {
    try {
      if (step.kind === 'delete') {
        await kakao.deleteUsers(
          state.fileId,
          step.batch.map((r) => r.id),
        );
        for (const r of step.batch) delete state.records[r.id];
        progress.removed += step.batch.length;
      } else {
        await kakao.upsertUsers(
          state.fileId,
          step.batch.map(({ id, field }) => ({ id, field })),
        );
        for (const u of step.batch) state.records[u.id] = { name: u.name, field: u.field };
        progress.upserted += step.batch.length;
      }
    } catch (err) {
      throw new SyncAbort(
        `batch ${i + 1} of ${steps.length} (${step.kind}, ${step.batch.length} users) failed: ${(err as Error).message}`,
        progress,
        err,
      );
    }
    progress.calls++;
    await store.set(STATE_KEY, state);
  }
  return progress;
}
