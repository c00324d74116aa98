import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, peekLock, tryLock } from './lock.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'opsbot-lock-'));
  file = path.join(dir, 'data', 'opsbot.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const deadPid = () => spawnSync('true').pid as number;

describe('the dataDir lock', () => {
  it('is taken once; a second taker learns who holds it; release frees it', () => {
    const first = tryLock(file, { owner: 'cli', command: 'opsbot holiday import' });
    expect('release' in first).toBe(true);
    const second = tryLock(file, { owner: 'daemon', command: 'opsbot start' });
    expect(second).toMatchObject({
      holder: { pid: process.pid, owner: 'cli', command: 'opsbot holiday import' },
    });
    if ('release' in first) first.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a stale lock and does not release a lock that is no longer its own', () => {
    tryLock(file, { owner: 'cli', command: 'x' });
    const stale = { pid: deadPid(), owner: 'cli', command: 'opsbot outbox retry', since: 0 };
    writeFileSync(file, JSON.stringify(stale));
    expect(peekLock(file)).toBeNull();
    const got = tryLock(file, { owner: 'daemon', command: 'opsbot start' });
    expect('release' in got).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, owner: 'daemon' });
    writeFileSync(file, JSON.stringify({ ...stale, pid: 1 }));
    if ('release' in got) got.release();
    expect(existsSync(file)).toBe(true);
  });

  it('acquire waits, then says who holds it', async () => {
    tryLock(file, { owner: 'cli', command: 'opsbot holiday import' });
    await expect(acquireLock(file, { owner: 'daemon', command: 'opsbot start' }, 200)).rejects.toThrow(
      new RegExp(
        `^"opsbot holiday import" \\(pid ${process.pid}\\) holds ${file.replaceAll('/', '\\/')} since .+ and is changing the store; try again when it has finished$`,
      ),
    );
  });
});
