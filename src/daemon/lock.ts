import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OpsbotError } from '../platform/errors.ts';
import { makePrivateDir } from '../platform/private-files.ts';
import { processAlive } from '../platform/process-alive.ts';

/**
 * dataDir/opsbot.lock: who may write the store's shared tables. The running daemon holds it for its
 * whole life; a CLI command that changes the store while no daemon answers holds it for that one
 * change. So a daemon never starts under a CLI's half-done import, and a CLI never writes behind a
 * starting daemon's back. A lock whose pid is gone (kill -9, a crash) is taken over.
 */

export interface LockHolder {
  pid: number;
  owner: 'daemon' | 'cli';
  /** What holds it, for the message: "opsbot holiday import". */
  command: string;
  since: number;
}

export interface Lock {
  release(): void;
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : null;
  } catch {
    return null;
  }
}

/** Creates the lock with its whole content at once: a link fails if the file exists. */
function create(file: string, mine: LockHolder): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(mine)}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Moves a dead holder's lock aside. If another taker replaced it in between, what was moved is a
 * live lock: it goes back, so two takers never both believe they hold it.
 */
function removeStale(file: string, stale: LockHolder): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readHolder(aside);
  if (moved && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    try {
      linkSync(aside, file);
    } catch {
      // a third taker got in; its lock stands
    }
  }
  rmSync(aside, { force: true });
}

/** Takes the lock, or says who has it. A holder whose process is gone loses it. */
export function tryLock(file: string, me: Omit<LockHolder, 'pid' | 'since'>): Lock | { holder: LockHolder } {
  makePrivateDir(path.dirname(file), 'dataDir');
  const mine: LockHolder = { pid: process.pid, since: Date.now(), ...me };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(file, mine)) return { release: () => releaseIfMine(file, mine) };
    const holder = readHolder(file);
    if (!holder) continue; // gone meanwhile (released or moved aside): try again
    if (processAlive(holder.pid)) return { holder };
    removeStale(file, holder);
  }
  const holder = readHolder(file);
  if (holder) return { holder };
  throw new OpsbotError('LOCKED', `cannot take ${file}: it is not a lock opsbot wrote; remove it`);
}

/** The live holder of the lock, if any (a dead one does not count). */
export function peekLock(file: string): LockHolder | null {
  const holder = readHolder(file);
  return holder && processAlive(holder.pid) ? holder : null;
}

function releaseIfMine(file: string, mine: LockHolder): void {
  const holder = readHolder(file);
  if (holder?.pid === mine.pid && holder.since === mine.since) rmSync(file, { force: true });
}

export function describeHolder(holder: LockHolder, file: string): string {
  const who = holder.owner === 'daemon' ? 'the opsbot daemon' : `"${holder.command}"`;
  return `${who} (pid ${holder.pid}) holds ${file} since ${new Date(holder.since).toISOString()}`;
}

/** Polls for the lock up to `waitMs`; then fails with who holds it. */
export async function acquireLock(
  file: string,
  me: Omit<LockHolder, 'pid' | 'since'>,
  waitMs: number,
): Promise<Lock> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const got = tryLock(file, me);
    if ('release' in got) return got;
    if (Date.now() >= deadline) {
      const what =
        got.holder.owner === 'daemon'
          ? 'and is running or still starting'
          : 'and is changing the store; try again when it has finished';
      throw new OpsbotError('LOCKED', `${describeHolder(got.holder, file)} ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
