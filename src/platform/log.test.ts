import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { Redactor } from './redact.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('createLogger', () => {
  it('scrubs secret values from every line, wherever they appear, and keeps redacting known keys', async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsbot-log-'));
    const file = join(dir, 'opsbot.log');
    const redactor = new Redactor();
    redactor.add('tok-5f4e3d2c1b');
    const log = createLogger({ destination: file, level: 'info', redactor });
    log.info(
      { url: 'https://x/?key=tok-5f4e3d2c1b', conn: { password: 'hunter2' } },
      'called with tok-5f4e3d2c1b',
    );
    log.error({ err: 'upstream said "tok-5f4e3d2c1b" is wrong' }, 'failed');
    const lines = (await twoLines(file)).map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.msg, l.url ?? l.err, l.conn?.password])).toEqual([
      ['called with [redacted]', 'https://x/?key=[redacted]', '[redacted]'],
      ['failed', 'upstream said "[redacted]" is wrong', undefined],
    ]);
  });
});

/** The destination opens and writes asynchronously: wait (bounded) for both lines to be on disk. */
async function twoLines(file: string): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const lines = text.split('\n').filter(Boolean);
    if (lines.length >= 2) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the log lines never reached the file');
}
