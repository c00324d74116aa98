import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { OpsbotError } from './errors.ts';

/**
 * Files opsbot keeps for itself (the store, logs, app data) are 0600 and its folders 0700,
 * whatever the umask or the mode of an existing dataDir: the store holds outbox payloads and
 * tokens, and another local user must not read them.
 */

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * `mkdir -p` with mode 0700 on every folder it creates. Node's own recursive mkdir loops forever
 * where mkdir answers ENOENT for a parent that exists (`/proc/x`), so the walk is ours: it creates
 * one level at a time and stops with an error naming the folder that could not be made.
 */
export function makePrivateDir(dir: string, what = 'folder'): void {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let current = target; ; current = path.dirname(current)) {
    const kind = kindOf(current, what, target);
    if (kind === 'dir') break;
    if (kind === 'file') throw dirError(what, target, `${current} exists and is not a folder`);
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: PRIVATE_DIR_MODE });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && kindOf(folder, what, target) === 'dir') continue;
      throw dirError(what, target, `${folder} cannot be created (${reason(code, folder)})`, err);
    }
  }
}

function kindOf(file: string, what: string, target: string): 'dir' | 'file' | 'missing' {
  try {
    return statSync(file).isDirectory() ? 'dir' : 'file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; the walk up finds and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw dirError(what, target, `${file} cannot be read (${reason(code, file)})`, err);
  }
}

function reason(code: string | undefined, folder: string): string {
  switch (code) {
    case 'ENOENT':
      // mkdir says ENOENT although the parent exists: a virtual file system (/proc, /sys).
      return `${path.dirname(folder)} does not accept new folders`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? 'unknown error';
  }
}

function dirError(what: string, target: string, detail: string, cause?: unknown): OpsbotError {
  return new OpsbotError('DATA_DIR', `cannot create ${what} ${target}: ${detail}`, { cause });
}

/**
 * Creates `file` empty with mode 0600 when missing, and narrows an existing one to 0600. SQLite
 * creates its -wal and -shm files with the database file's mode, so preparing the database file
 * is enough for all three; existing ones are narrowed too (a store made by an older opsbot).
 */
export function preparePrivateFile(file: string, companions: readonly string[] = []): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const name of [file, ...companions.map((suffix) => `${file}${suffix}`)]) {
    try {
      chmodSync(name, PRIVATE_FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** SQLite's companion files of a database in WAL mode. */
export const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'] as const;

/** A warning when a folder can be read by other users (group or others), else null. */
export function readableByOthers(dir: string): string | null {
  let mode: number;
  try {
    mode = statSync(dir).mode & 0o777;
  } catch {
    return null;
  }
  if ((mode & 0o044) === 0) return null;
  const octal = mode.toString(8).padStart(4, '0');
  return `dataDir ${dir} is readable by other users (mode ${octal}); run: chmod 700 ${dir}`;
}
