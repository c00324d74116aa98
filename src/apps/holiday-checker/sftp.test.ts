import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarApi, PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import holidayChecker from './index.ts';
import { type SftpServer, uploadToServers } from './sftp.ts';

/**
 * Against real OpenSSH servers on 127.0.0.1: one that accepts our key, one whose authorized_keys
 * lacks it, and a port nobody listens on. CI installs openssh-server; without it the suite is skipped.
 */

const SSHD = '/usr/sbin/sshd';
const HAS_SSHD = existsSync(SSHD);
const title = HAS_SSHD
  ? 'sftp upload (real sshd)'
  : `sftp upload (SKIPPED: ${SSHD} is missing; install openssh-server to run it)`;

let tmp: string;
const daemons: ChildProcess[] = [];
let goodPort = 0;
let deniedPort = 0;
let closedPort = 0;
let clientKey: Buffer;
let hostFingerprint: string;
const user = userInfo().username;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts an sshd that trusts `authorizedKeys` and resolves once its port accepts connections. */
async function startSshd(name: string, authorizedKeys: string): Promise<number> {
  const port = await freePort();
  const keysFile = path.join(tmp, `${name}.authorized_keys`);
  await writeFile(keysFile, authorizedKeys, { mode: 0o600 });
  const config = path.join(tmp, `${name}.sshd_config`);
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(tmp, 'host_key')}`,
      `PidFile ${path.join(tmp, `${name}.pid`)}`,
      `AuthorizedKeysFile ${keysFile}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  daemons.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd ${name} exited: ${stderr}`);
    if (await accepts(port)) return port;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd ${name} did not listen on ${port}: ${stderr}`);
}

beforeAll(async () => {
  if (!HAS_SSHD) return;
  tmp = await mkdtemp(path.join(tmpdir(), 'opsbot-sftp-'));
  // sshd insists on its privilege-separation directory even in -D mode.
  await mkdir('/run/sshd', { recursive: true });
  for (const key of ['host_key', 'client_key']) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(tmp, key)]);
  }
  clientKey = await readFile(path.join(tmp, 'client_key'));
  hostFingerprint = execFileSync('ssh-keygen', ['-l', '-f', path.join(tmp, 'host_key.pub')])
    .toString()
    .split(' ')[1]!;
  goodPort = await startSshd('good', await readFile(path.join(tmp, 'client_key.pub'), 'utf8'));
  deniedPort = await startSshd('denied', '');
  closedPort = await freePort();
});

afterAll(async () => {
  for (const child of daemons) child.kill('SIGTERM');
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function remoteDir(name: string): Promise<string> {
  const dir = path.join(tmp, 'remote', name);
  await mkdir(dir, { recursive: true });
  return dir;
}

function server(name: string, port: number, dir: string, extra: Partial<SftpServer> = {}): SftpServer {
  return { name, host: '127.0.0.1', port, username: user, path: dir, privateKey: clientKey, ...extra };
}

describe.skipIf(!HAS_SSHD)(title, () => {
  it('copies to the good server and reports each failing one by name, after retrying', async () => {
    const good = await remoteDir('good-1');
    const retries: string[] = [];
    const results = await uploadToServers(
      [
        server('fep-good', goodPort, good),
        server('fep-denied', deniedPort, good),
        server('fep-down', closedPort, good),
      ],
      [
        { name: 'XKRX-Mon.txt', content: '설날' },
        { name: 'XKRX-Tue.txt', content: '' },
      ],
      { backoffMs: 10, onRetry: (name, attempt) => retries.push(`${name}#${attempt}`) },
    );
    expect(results[0]).toEqual({ server: 'fep-good', ok: true, attempts: 1 });
    expect(results[1]).toMatchObject({ server: 'fep-denied', ok: false, attempts: 3 });
    expect(results[1]?.error).toMatch(/authentication/i);
    expect(results[2]).toMatchObject({ server: 'fep-down', ok: false, attempts: 3 });
    expect(results[2]?.error).toMatch(/ECONNREFUSED/);
    expect(retries.sort()).toEqual(['fep-denied#1', 'fep-denied#2', 'fep-down#1', 'fep-down#2']);
    expect((await readdir(good)).sort()).toEqual(['XKRX-Mon.txt', 'XKRX-Tue.txt']);
    expect(await readFile(path.join(good, 'XKRX-Mon.txt'), 'utf8')).toBe('설날');
    expect(await readFile(path.join(good, 'XKRX-Tue.txt'), 'utf8')).toBe('');
  });

  it('replaces files already there, leaving no temporary file', async () => {
    const dir = await remoteDir('replace');
    await writeFile(path.join(dir, 'XNYS-Fri.txt'), 'an old, much longer holiday name');
    const [result] = await uploadToServers(
      [server('fep', goodPort, dir)],
      [{ name: 'XNYS-Fri.txt', content: 'Good Friday' }],
    );
    expect(result).toMatchObject({ ok: true });
    expect(await readdir(dir)).toEqual(['XNYS-Fri.txt']);
    expect(await readFile(path.join(dir, 'XNYS-Fri.txt'), 'utf8')).toBe('Good Friday');
  });

  it('checks a pinned host key, and fails on a missing remote directory', async () => {
    const dir = await remoteDir('pinned');
    const files = [{ name: 'exchange_map.txt', content: 'XKRX,Korea Exchange,Asia/Seoul\n' }];
    const [pinned, wrong, missing] = await uploadToServers(
      [
        server('pinned', goodPort, dir, { hostFingerprint }),
        server('wrong', goodPort, dir, {
          hostFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        }),
        server('missing', goodPort, path.join(dir, 'nope')),
      ],
      files,
      { attempts: 1 },
    );
    expect(pinned).toMatchObject({ ok: true });
    expect(wrong).toMatchObject({ ok: false });
    expect(missing).toMatchObject({ ok: false });
    expect(missing?.error).toContain(path.join(dir, 'nope', 'exchange_map.txt'));
  });

  it('holiday-checker: the good server gets its files, the failure is named, the run fails at the end', async () => {
    const good = await remoteDir('app');
    const local = path.join(tmp, 'local');
    const calendar: Partial<CalendarApi> = {
      exchanges: async () => [{ exchange: 'XKRX', name: 'Korea Exchange', timezone: 'Asia/Seoul' }],
      closures: async () => [{ exchange: 'XKRX', date: '2026-02-16', name: '설날' }],
    };
    const t = createTestApp(holidayChecker, {
      now: '2026-02-14T21:00:00Z', // Sun 2026-02-15 06:00 in Seoul
      calendar,
      options: {
        exchanges: ['XKRX'],
        target: 'desk',
        files: {
          dir: local,
          servers: [
            {
              name: 'fep-good',
              host: '127.0.0.1',
              port: goodPort,
              username: user,
              path: good,
              privateKeyFile: path.join(tmp, 'client_key'),
            },
            {
              name: 'fep-denied',
              host: '127.0.0.1',
              port: deniedPort,
              username: user,
              path: good,
              privateKeyFile: path.join(tmp, 'client_key'),
            },
          ],
        },
      },
    });
    // Retries wait on the app's clock, which only moves when told to.
    let settled = false;
    const run = t.run().finally(() => {
      settled = true;
    });
    run.catch(() => undefined);
    while (!settled) {
      await t.clock.advance(1000);
      await new Promise((r) => setTimeout(r, 20));
    }
    await expect(run).rejects.toThrow(
      /holiday check failed: fep-denied: .*authentication.* \(after 3 tries\)/i,
    );

    const uploaded = (await readdir(good)).sort();
    expect(uploaded).toHaveLength(8);
    expect(uploaded).toEqual((await readdir(local)).sort());
    expect(await readFile(path.join(good, 'XKRX-Mon.txt'), 'utf8')).toBe('설날');
    expect(await readFile(path.join(good, 'exchange_map.txt'), 'utf8')).toBe(
      'XKRX,Korea Exchange,Asia/Seoul\n',
    );

    const failure = t.sent.at(-1)?.message as PortableMessage;
    expect(failure).toMatchObject({ title: '휴장일 점검 실패', severity: 'error' });
    expect(failure.text).toContain('fep-denied');
    expect(failure.text).not.toContain('fep-good');
    expect(JSON.stringify(t.sent)).not.toContain(clientKey.toString().split('\n')[1]!);
  });
});
