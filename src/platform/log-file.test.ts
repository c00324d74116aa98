import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogFile } from './log-file.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-logfile-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('LogFile', () => {
  it('rotates by size and keeps the configured number of old files', async () => {
    const dir = tempDir();
    const file = new LogFile(path.join(dir, 'logs', 'app.log'), { rotation: { maxSize: 200, keep: 2 } });
    for (let i = 0; i < 30; i++) {
      file.write(JSON.stringify({ i, msg: 'x'.repeat(40) }));
      await tick(2);
    }
    await file.close();
    expect(readdirSync(path.join(dir, 'logs')).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2']);
    const last = readFileSync(path.join(dir, 'logs', 'app.log'), 'utf8')
      .trim()
      .split('\n')
      .at(-1);
    expect(JSON.parse(last ?? '{}').i).toBe(29);
  });

  it('holds or drops and counts lines while the file cannot be written, then writes again on its own', async () => {
    const dir = tempDir();
    // A file where the log folder should be: every open fails (ENOTDIR) until it is removed.
    writeFileSync(path.join(dir, 'logs'), '');
    let drops = 0;
    const file = new LogFile(path.join(dir, 'logs', 'app.log'), { retryAfterMs: 10, onDrop: () => drops++ });
    for (let i = 0; i < 5; i++) {
      expect(() => file.write(`{"msg":"lost ${i}"}`)).not.toThrow();
      await tick();
    }
    expect(file.dropped).toBeGreaterThanOrEqual(1);
    expect(drops).toBe(file.dropped);
    rmSync(path.join(dir, 'logs'));
    await tick(60);
    file.write('{"msg":"back"}');
    await file.close();
    const lines = readFileSync(path.join(dir, 'logs', 'app.log'), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'log lines were dropped',
      dropped: file.dropped,
    });
    expect(lines.at(-1)).toBe('{"msg":"back"}');
    // Every line written while broken is either in the file (held, then written) or counted.
    const kept = lines.filter((l) => l.includes('"lost ')).length;
    expect(kept + file.dropped).toBe(5);
  });

  it('writes a line held while waiting to reopen without waiting for a later line', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'logs'), '');
    const file = new LogFile(path.join(dir, 'logs', 'app.log'), { retryAfterMs: 30 });
    file.write('{"msg":"lost"}');
    await tick();
    file.write('{"msg":"the store writes again"}');
    rmSync(path.join(dir, 'logs'));
    await tick(150);
    const lines = readFileSync(path.join(dir, 'logs', 'app.log'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['log lines were dropped', 'the store writes again']);
    await file.close();
  });
});
