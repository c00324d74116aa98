import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDaemonConfig } from '../../src/cli/config-file.ts';
import { storeFor } from '../../src/daemon/store-for.ts';
import type { WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { cli, Project, until } from '../helpers/cli.ts';
import { freePort, startEmulator, writeWorksProject } from '../helpers/works.ts';

/**
 * While the daemon runs, every command that changes something asks the daemon (its log shows each
 * call); with the daemon down the CLI changes the store itself under dataDir/opsbot.lock, which a
 * starting daemon respects.
 */

interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

describe('the CLI changes nothing behind the daemon’s back', () => {
  const project = new Project('opsbot-through-daemon-');
  let emu: WorksEmulator;
  let sleeper: ChildProcess | undefined;

  /** Every API call the daemon logged, in order. */
  const calls = (): ApiCall[] =>
    readFileSync(project.path('data/logs/opsbot.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"msg":"api call"'))
      .map((l) => JSON.parse(l) as ApiCall)
      .map(({ method, args }) => ({ method, args }));
  const last = () => calls().at(-1);
  /** The daemon logs without blocking: its line may land just after the CLI has the answer. */
  const expectLast = async (call: ApiCall) => {
    await until('the call in the daemon log', () => isDeepStrictEqual(last(), call), 5000).catch(() => {});
    expect(last()).toEqual(call);
  };
  const ok = async (...args: string[]) => {
    const r = await project.run(...args);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  const list = async (from: string, to: string) =>
    JSON.parse(
      (await ok('holiday', 'list', '--exchange', 'XKRX', '--from', from, '--to', to, '--json')).stdout,
    ) as Array<{ date: string; name: string; kind: string; source: string; open?: string }>;

  beforeAll(async () => {
    const port = await freePort();
    emu = await startEmulator(port);
    writeWorksProject(project, emu, {
      port,
      auth: 'user',
      // A held lock is given up on after this, so the refused start and CLI change answer quickly.
      extra: ['lockWait: 300ms'],
      apps: [
        '  holidays:',
        '    use: builtin:holiday-checker',
        '    with: { exchanges: [XKRX], calendar: { user: 김민준 } }',
      ],
    });
    // Two dead deliveries and one delivered, as a daemon that ran before would have left them.
    const store = await storeFor(await loadDaemonConfig(project.path('opsbot.yaml')));
    const item = (id: string) => ({
      id,
      app: null,
      target: 'local/channel/ops',
      connection: 'local',
      destination: 'channel/ops',
      kind: 'portable' as const,
      payload: { text: id },
      // Recent: older ones would be purged by the daemon's clean-up (outbox.retention) as it starts.
      createdAt: Date.now(),
    });
    await store.outbox.enqueue([item('dead-1'), item('dead-2'), item('done-1')]);
    await store.outbox.markDead('dead-1', 'gone');
    await store.outbox.markDead('dead-2', 'gone');
    await store.outbox.markDelivered('done-1', Date.now());
    await store.close();
    await ok('start', '--wait');
  });
  afterAll(async () => {
    sleeper?.kill('SIGKILL');
    await project.cleanup();
    await emu.close();
  });

  it('outbox retry and purge', async () => {
    await ok('outbox', 'retry', 'dead-1');
    await expectLast({ method: 'outbox.retry', args: { ids: ['dead-1'] } });
    const status = async (id: string) =>
      (
        JSON.parse((await ok('outbox', 'list', '--json')).stdout) as {
          items: Array<{ id: string; status: string }>;
        }
      ).items.find((i) => i.id === id)?.status;
    await until('dead-1 delivered', async () => (await status('dead-1')) === 'delivered');
    const purge = await ok('outbox', 'purge', '--delivered', '--json');
    expect(JSON.parse(purge.stdout)).toEqual({ delivered: 2, dead: 0 });
    await expectLast({ method: 'outbox.purge', args: { delivered: true } });
    expect(await status('dead-2')).toBe('dead');
  });

  it('holiday add, update, remove and import', async () => {
    await ok('holiday', 'add', 'XKRX', '2026-10-30', '임시공휴일');
    await expectLast({
      method: 'holiday.add',
      args: {
        exchange: 'XKRX',
        date: '2026-10-30',
        kind: 'closed',
        name: '임시공휴일',
        open: null,
        close: null,
      },
    });
    await ok('holiday', 'update', 'XKRX', '2026-10-30', '--name', '창립기념일');
    await expectLast({
      method: 'holiday.update',
      args: { exchange: 'XKRX', date: '2026-10-30', name: '창립기념일' },
    });
    expect((await list('2026-10-30', '2026-10-30')).map((d) => d.name)).toEqual(['창립기념일']);
    await ok('holiday', 'remove', 'XKRX', '2026-10-30');
    await expectLast({ method: 'holiday.remove', args: { exchange: 'XKRX', date: '2026-10-30' } });
    expect(await list('2026-10-30', '2026-10-30')).toEqual([]);

    project.write('days.csv', 'exchange,date,kind,name\nXKRX,2026-11-02,closed,사내 행사\n');
    await ok('holiday', 'import', 'days.csv');
    await until('the import in the daemon log', () => last()?.method === 'holiday.import', 5000);
    expect(last()?.args.entries).toEqual([
      expect.objectContaining({ exchange: 'XKRX', date: '2026-11-02', kind: 'closed', name: '사내 행사' }),
    ]);
    expect((await list('2026-11-02', '2026-11-02')).map((d) => d.name)).toEqual(['사내 행사']);
  });

  it('auth url, exchange and refresh (the code never reaches the log)', async () => {
    const url = (await ok('auth', 'url', 'works')).stdout.trim();
    await expectLast({ method: 'auth.url', args: { connection: 'works' } });
    const authorize = await fetch(url, { redirect: 'manual' });
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    await ok('auth', 'exchange', 'works', '--code', code);
    await expectLast({ method: 'auth.exchange', args: { connection: 'works', code: '[redacted]' } });
    expect(readFileSync(project.path('data/logs/opsbot.log'), 'utf8')).not.toContain(code);
    await ok('auth', 'refresh', 'works');
    await expectLast({ method: 'auth.refresh', args: { connection: 'works' } });
    expect(emu.state.tokenCalls.refresh_token).toBe(1);
  });

  it('holiday sync is the app’s sync action in the daemon', async () => {
    const r = await ok('holiday', 'sync', '--from', '2026-11-01', '--to', '2026-11-30', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ created: [expect.any(String)], deleted: [], unchanged: 0 });
    await expectLast({
      method: 'app.do',
      args: { app: 'holidays', action: 'sync', args: { from: '2026-11-01', to: '2026-11-30' } },
    });
  });

  it('with the daemon down, a change takes the lock and the store itself', async () => {
    await ok('stop');
    const served = calls().length;
    await ok('holiday', 'add', 'XKRX', '2026-12-01', '점검일');
    expect((await list('2026-12-01', '2026-12-01')).map((d) => d.name)).toEqual(['점검일']);
    expect(calls()).toHaveLength(served);
    expect(existsSync(project.path('data/opsbot.lock'))).toBe(false);
  });

  it('a lock another CLI holds makes start wait, then refuse; a stale one is taken over', async () => {
    // The daemon is still down (previous case). Another CLI (a live pid) is in the middle of a change.
    sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    const lock = project.path('data/opsbot.lock');
    const since = Date.UTC(2026, 0, 2, 3, 4, 5);
    const holder = { pid: sleeper.pid, owner: 'cli', command: 'opsbot holiday import', since };
    writeFileSync(lock, JSON.stringify(holder));
    const held = `"opsbot holiday import" (pid ${sleeper.pid}) holds ${lock} since 2026-01-02T03:04:05.000Z`;
    const start = await cli(project.dir, ['start', '--wait']);
    expect(start.code).toBe(1);
    expect(start.stderr).toBe(
      `opsbot: waiting: ${held}\nopsbot: ${held} and is changing the store; try again when it has finished\n`,
    );
    const add = await cli(project.dir, ['holiday', 'add', 'XKRX', '2026-12-02', 'x']);
    expect(add.code).toBe(1);
    expect(add.stderr).toBe(`opsbot: ${held}; no daemon answers: try again\n`);

    // Its process died without cleaning up: the lock is stale and taken over.
    sleeper.kill('SIGKILL');
    await until('sleep gone', () => sleeper?.exitCode !== null || sleeper?.signalCode !== null);
    await ok('start', '--wait');
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({
      owner: 'daemon',
      command: 'opsbot start',
    });
    await ok('holiday', 'remove', 'XKRX', '2026-12-01');
    await expectLast({ method: 'holiday.remove', args: { exchange: 'XKRX', date: '2026-12-01' } });
  });
});
