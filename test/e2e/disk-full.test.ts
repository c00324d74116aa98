import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, Project, until } from '../helpers/cli.ts';

/** Fills a filesystem to the last byte; returns the filler's path. */
function fill(dir: string): string {
  const file = path.join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  // The last bytes, so not even a partial page is left.
  try {
    for (;;) writeSync(fd, chunk, 0, 512);
  } catch {}
  closeSync(fd);
  return file;
}

// dataDir sits on its own small tmpfs (needs root, as CI has), so the disk can be filled for real.
describe('disk full under dataDir', () => {
  const project = new Project('opsbot-diskfull-');
  const mount = mkdtempSync(path.join(tmpdir(), 'opsbot-tmpfs-'));
  let url = '';
  let pid = 0;
  const hook = (id: string) =>
    fetch(`${url}/hooks/sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, text: `event ${id}` }),
    });

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('this test mounts a tmpfs: run it as root (CI does)');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'tmpfs', mount]);
    project.write(
      'opsbot.yaml',
      `dataDir: ${path.join(mount, 'data')}\nhttp: { port: 0 }\nconnections:\n  sandbox: { type: sandbox }\n`,
    );
    expect((await project.run('start', '--wait')).code).toBe(0);
    ({ url, pid } = await project.status());
  });
  afterAll(async () => {
    await project.cleanup();
    execFileSync('umount', ['-l', mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('says 503 with the cause, refuses hooks with 503, drops log lines, and recovers by itself', async () => {
    expect((await hook('before')).status).toBe(200);
    const filler = fill(mount);

    const down = await until('healthz 503', async () => {
      const res = await fetch(`${url}/healthz`);
      return res.status === 503 && ((await res.json()) as { ok: boolean; cause: string });
    });
    expect(down.ok).toBe(false);
    expect(down.cause).toMatch(/^no space left on device: \d+ bytes free for dataDir /);
    const refused = await hook('while-full');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: `not stored: ${down.cause}` });

    // Each refusal logs a line: on a full disk they are dropped and counted, and nothing hangs.
    for (let i = 0; i < 60; i++) expect((await hook(`refused-${i}`)).status).toBe(503);
    expect((await project.run('status', '--json')).code).toBe(0);
    const dropped = async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      return Number(/opsbot_log_lines_dropped_total\{log="opsbot"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    expect(await until('dropped log lines', dropped)).toBeGreaterThan(0);

    rmSync(filler);
    await until('healthz 200', async () => (await fetch(`${url}/healthz`)).status === 200);
    expect((await hook('after')).status).toBe(200);
    expect((await hook('while-full')).status).toBe(200); // the refused event, retried, is new
    expect(alive(pid)).toBe(true);
    const log = await until('the drop noted in the log', () => {
      const text = readFileSync(path.join(mount, 'data', 'logs', 'opsbot.log'), 'utf8');
      return text.includes('"msg":"log lines were dropped"') && text;
    });
    expect(log).toContain('"msg":"the store writes again"');
  });
});
