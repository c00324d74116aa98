import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makePrivateDir, preparePrivateFile, readableByOthers } from './private-files.ts';
import { openAppDatabase } from './store/app-database.ts';
import { openStore } from './store/open.ts';

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('private files', () => {
  const dirs: string[] = [];
  const temp = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-modes-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses dataDir /proc/x at once with the reason, instead of looping in mkdir', () => {
    expect(() => makePrivateDir('/proc/x', 'dataDir')).toThrow(
      'cannot create dataDir /proc/x: /proc/x cannot be created (/proc does not accept new folders)',
    );
  });

  it('names a file that stands where a folder should be', () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'data'), '');
    expect(() => makePrivateDir(path.join(dir, 'data', 'x'), 'dataDir')).toThrow(
      `${path.join(dir, 'data')} exists and is not a folder`,
    );
  });

  it('creates every missing level 0700 and files 0600, whatever the umask', () => {
    const dir = temp();
    const previous = process.umask(0);
    try {
      makePrivateDir(path.join(dir, 'a', 'b'));
      preparePrivateFile(path.join(dir, 'a', 'b', 'f'));
    } finally {
      process.umask(previous);
    }
    expect(modeOf(path.join(dir, 'a'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'a', 'b'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'a', 'b', 'f'))).toBe(0o600);
  });

  it('the store and an app database, their WAL and SHM are 0600 in a dataDir of mode 0755', async () => {
    const dataDir = temp();
    chmodSync(dataDir, 0o755);
    const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 1) });
    await store.kv.set('x', 'k', { v: 1 });
    const app = await openAppDatabase({
      kind: 'sqlite',
      file: path.join(dataDir, 'apps', 'a1', 'db.sqlite'),
    });
    await app.db.schema.createTable('t').addColumn('id', 'integer').execute();
    try {
      for (const file of ['opsbot.db', 'opsbot.db-wal', 'opsbot.db-shm']) {
        expect([file, modeOf(path.join(dataDir, file))]).toEqual([file, 0o600]);
      }
      expect(modeOf(path.join(dataDir, 'apps'))).toBe(0o700);
      expect(modeOf(path.join(dataDir, 'apps', 'a1'))).toBe(0o700);
      for (const file of ['db.sqlite', 'db.sqlite-wal', 'db.sqlite-shm']) {
        expect([file, modeOf(path.join(dataDir, 'apps', 'a1', file))]).toEqual([file, 0o600]);
      }
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('says when dataDir can be read by other users', () => {
    const dir = temp();
    mkdirSync(path.join(dir, 'd'), { mode: 0o700 });
    expect(readableByOthers(path.join(dir, 'd'))).toBeNull();
    chmodSync(path.join(dir, 'd'), 0o755);
    expect(readableByOthers(path.join(dir, 'd'))).toBe(
      `dataDir ${path.join(dir, 'd')} is readable by other users (mode 0755); run: chmod 700 ${path.join(dir, 'd')}`,
    );
  });
});
