import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

/**
 * `make test` provisions the Debian packages its tests use as it provisions Node. The script runs
 * against an empty fake root (nothing installed) with fake `id` and `apt-get` first on PATH, so no
 * package is really installed and the answer does not depend on this machine.
 */

const SCRIPT = path.join(ROOT, 'scripts/ensure-test-deps');
const ALL = [
  'chromium',
  'snmpd',
  'openssh-server',
  'openssh-client',
  'iproute2',
  'fonts-nanum',
  'redis-server',
];
let tmp = '';

afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function fakeMachine(uid: number, installed: string[] = []): { env: NodeJS.ProcessEnv; aptLog: string } {
  tmp = mkdtempSync(path.join(tmpdir(), 'opsbot-provision-'));
  const bin = path.join(tmp, 'bin');
  const sysroot = path.join(tmp, 'root');
  mkdirSync(bin);
  for (const file of installed) {
    mkdirSync(path.join(sysroot, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(sysroot, file), '');
  }
  const aptLog = path.join(tmp, 'apt.log');
  writeFileSync(path.join(bin, 'id'), `#!/bin/sh\necho ${uid}\n`);
  writeFileSync(path.join(bin, 'apt-get'), `#!/bin/sh\necho "$*" >> ${aptLog}\n`);
  chmodSync(path.join(bin, 'id'), 0o755);
  chmodSync(path.join(bin, 'apt-get'), 0o755);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, OPSBOT_PROVISION_ROOT: sysroot };
  return { env, aptLog };
}

function run(env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(SCRIPT, { env }, (err, _stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

describe('scripts/ensure-test-deps (what make test runs first)', () => {
  it('as root on a fresh machine, apt-get installs every package the tests use', async () => {
    const { env, aptLog } = fakeMachine(0);
    const r = await run(env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`installing what the tests need: ${ALL.join(' ')}`);
    const lines = read(aptLog).trim().split('\n');
    expect(lines).toEqual(['update -qq', `install -y -qq --no-install-recommends ${ALL.join(' ')}`]);
  });

  it('installs only what is missing, and nothing when all is there', async () => {
    const some = fakeMachine(0, [
      '/usr/bin/chromium',
      '/usr/sbin/sshd',
      '/usr/bin/ssh-keygen',
      '/usr/bin/ip',
      '/usr/bin/redis-server',
    ]);
    await run(some.env);
    expect(read(some.aptLog)).toContain('--no-install-recommends snmpd fonts-nanum\n');
    rmSync(tmp, { recursive: true, force: true });

    const all = fakeMachine(0, [
      '/usr/bin/chromium',
      '/usr/sbin/snmpd',
      '/usr/sbin/sshd',
      '/usr/bin/ssh-keygen',
      '/usr/sbin/ip',
      '/usr/share/fonts/truetype/nanum/NanumGothic.ttf',
      '/usr/bin/redis-server',
    ]);
    expect(await run(all.env)).toEqual({ code: 0, stderr: '' });
    expect(read(all.aptLog)).toBe('');
  });

  it('not root: one line saying what to install, and it fails', async () => {
    const { env, aptLog } = fakeMachine(1000);
    const r = await run(env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `opsbot: the tests need Debian packages that are missing; run: sudo apt-get install -y ${ALL.join(' ')}\n`,
    );
    expect(read(aptLog)).toBe('');
  });

  it('the Makefile runs it before the tests, and CI relies on make test', () => {
    const makefile = readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
    const testRecipe = makefile.slice(makefile.indexOf('\ntest:'));
    expect(testRecipe.indexOf('scripts/ensure-test-deps')).toBeGreaterThan(0);
    expect(testRecipe.indexOf('scripts/ensure-test-deps')).toBeLessThan(
      testRecipe.indexOf('scripts/run-tests'),
    );
    expect(readFileSync(path.join(ROOT, 'scripts/run-tests'), 'utf8')).toContain('npx vitest run --exclude');
    expect(readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).not.toContain('apt-get');
  });
});

describe('no test skips on a fresh machine that make test provisioned', () => {
  it('no suite guards itself with skip or skipIf (except for another platform)', async () => {
    const { glob } = await import('node:fs/promises');
    const offenders: string[] = [];
    for await (const file of glob('{src,test,examples}/**/*.test.ts', { cwd: ROOT })) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const line of text.split('\n')) {
        const skips = /\b(describe|it|test|suite)\.(skip|skipIf|runIf|todo)\b|\bskip\(\)/.test(line);
        if (skips && !line.includes('process.platform')) {
          offenders.push(`${file}: ${line.trim()}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
