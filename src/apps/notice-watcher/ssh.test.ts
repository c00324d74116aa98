import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type NoticeSite, startNoticeSite } from '../../sandbox/notices/site.ts';
import { makeKeyPair, startTestSshd, type TestSshd } from '../../sandbox/sshd.ts';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import app from './index.ts';
import { sshExec } from './lists.ts';
import type { Options } from './options.ts';

/**
 * The symbol list over SSH (`cat …/OPRA-symb.csv`), against a real OpenSSH server on 127.0.0.1.
 * `make test` installs openssh-server; without it the suite fails saying so.
 */

let tmp: string;
let sshd: TestSshd | undefined;
let port = 0;
let clientKeyFile: string;
let site: NoticeSite | undefined;
const user = userInfo().username;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'opsbot-notice-ssh-'));
  const client = makeKeyPair(tmp, 'client_key');
  clientKeyFile = client.privateKeyFile;
  const authorizedKeys = await readFile(client.publicKeyFile, 'utf8');
  sshd = await startTestSshd({ dir: tmp, name: 'sshd', authorizedKeys });
  port = sshd.port;
  await mkdir(path.join(tmp, 'mdfsvc/fep/etc'), { recursive: true });
  await writeFile(path.join(tmp, 'mdfsvc/fep/etc/OPRA-symb.csv'), 'AAPL,Apple Inc\nXYZ,XYZ Holdings\n');
});

afterAll(async () => {
  await sshd?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

afterEach(async () => {
  await site?.close();
  site = undefined;
});

const ssh = (command: string) => ({
  host: '127.0.0.1',
  port,
  username: user,
  privateKeyFile: clientKeyFile,
  command,
});

describe('notice-watcher list over SSH (real sshd)', () => {
  it('runs the command and fails with its stderr on a non-zero exit', async () => {
    const csv = path.join(tmp, 'mdfsvc/fep/etc/OPRA-symb.csv');
    expect(await sshExec(ssh(`cat ${csv}`), 10_000)).toBe('AAPL,Apple Inc\nXYZ,XYZ Holdings\n');
    await expect(sshExec(ssh(`cat ${tmp}/missing.csv`), 10_000)).rejects.toThrow(
      /exited with 1: .*No such file/,
    );
  });

  it('alerts only OCC memos whose symbol is in the list read over SSH', async () => {
    site = await startNoticeSite({ items: [{ id: '57001', title: 'Old memo Option Symbol: AAPL' }] });
    const t = createTestApp<Options>(app, {
      options: {
        watches: [
          {
            name: 'occ',
            target: 'desk',
            source: { preset: 'occ-infomemo', url: `${site.url}/infomemo/search` },
            filters: {
              list: {
                from: 'ssh',
                ssh: ssh(`cat ${tmp}/mdfsvc/fep/etc/OPRA-symb.csv`),
                pattern: 'Symbol: {item}',
              },
            },
          },
        ],
      },
    });
    await t.run();
    site.add({ id: '57002', title: 'Apple Inc. - Adjustment Option Symbol: AAPL', date: '2026-01-05' });
    site.add({ id: '57003', title: 'Other - Merger Option Symbol: OTHR', date: '2026-01-05' });
    await t.clock.advance(600_000);
    await t.run();
    const messages = t.sent.map((s) => s.message as PortableMessage);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('Option Symbol: AAPL');
    expect(messages[0]?.links).toEqual([{ label: 'Open notice', url: `${site.url}/infomemos?number=57002` }]);
  });

  it('counts an SSH login failure as a failed poll', async () => {
    site = await startNoticeSite({ items: [{ id: '1', title: 'x' }] });
    const t = createTestApp<Options>(app, {
      options: {
        watches: [
          {
            name: 'occ',
            target: 'desk',
            failureThreshold: 1,
            source: { preset: 'occ-infomemo', url: `${site.url}/infomemo/search` },
            filters: { list: { from: 'ssh', ssh: { ...ssh('true'), username: 'nobody-here' } } },
          },
        ],
      },
    });
    await t.run();
    site.add({ id: '2', title: 'Symbol: AAPL' });
    await t.clock.advance(600_000);
    await expect(t.run()).rejects.toThrow(/^cannot read occ: ssh 127\.0\.0\.1: .*authentication/i);
    const [alert] = t.sent.map((s) => s.message as PortableMessage);
    expect(alert).toMatchObject({ severity: 'error' });
    expect(alert?.text).toMatch(/^cannot read occ: ssh 127\.0\.0\.1: .*authentication/i);
  });
});
