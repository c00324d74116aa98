import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, makeKeyPair, startTestSshd, type TestSshd } from '../../sandbox/sshd.ts';
import type { CalendarApi, PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import holidayChecker from './index.ts';
import { type SftpServer, uploadToServers } from './sftp.ts';

/**
 * Against real OpenSSH servers on 127.0.0.1: one that accepts our key, one whose authorized_keys
 * lacks it, and a port nobody listens on. `make test` installs openssh-server; without it the
 * suite fails saying so.
 */

let tmp: string;
const daemons: TestSshd[] = [];
let goodPort = 0;
let deniedPort = 0;
let closedPort = 0;
let clientKeyFile: string;
let clientKey: Buffer;
let hostFingerprint: string;
const user = userInfo().username;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'opsbot-sftp-'));
  const client = makeKeyPair(tmp, 'client_key');
  clientKeyFile = client.privateKeyFile;
  clientKey = await readFile(client.privateKeyFile);
  const sftp = ['Subsystem sftp internal-sftp'];
  const authorizedKeys = await readFile(client.publicKeyFile, 'utf8');
  const good = await startTestSshd({ dir: tmp, name: 'good', authorizedKeys, extraConfig: sftp });
  daemons.push(good);
  const denied = await startTestSshd({ dir: tmp, name: 'denied', authorizedKeys: '', extraConfig: sftp });
  daemons.push(denied);
  hostFingerprint = good.hostFingerprint;
  goodPort = good.port;
  deniedPort = denied.port;
  closedPort = await freePort();
});

afterAll(async () => {
  await Promise.all(daemons.map((d) => d.stop()));
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

describe('sftp upload (real sshd)', () => {
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
              privateKeyFile: clientKeyFile,
            },
            {
              name: 'fep-denied',
              host: '127.0.0.1',
              port: deniedPort,
              username: user,
              path: good,
              privateKeyFile: clientKeyFile,
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
