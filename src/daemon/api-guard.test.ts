import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../contracts/console.ts';
import { type ControlApi, controlApi, createDispatcher } from '../contracts/daemon-api/index.ts';
import { ConsoleAccounts } from '../engine/console/accounts.ts';
import { TEST_PASSWORD_COST } from '../engine/console/passwords.ts';
import { FakeClock } from '../platform/clock.ts';
import { OpsbotError } from '../platform/errors.ts';
import { createLogger } from '../platform/log.ts';
import { type Backend, sqliteBackend } from '../platform/store/testing/backends.ts';
import type { Store } from '../platform/store/types.ts';
import { auditTarget, guardDispatch } from './api-guard.ts';
import { consoleMethods } from './console-methods.ts';

const viewer: Actor = { name: 'vera', role: 'viewer', via: 'api' };
const operator: Actor = { name: 'otto', role: 'operator', via: 'console' };
const admin: Actor = { name: 'root', role: 'admin', via: 'cli' };

describe('guardDispatch', () => {
  let backend: Backend;
  let store: Store;
  let calls: string[];
  let guarded: ReturnType<typeof guardDispatch>;
  const clock = new FakeClock('2026-12-01T00:00:00Z');

  beforeAll(async () => {
    backend = await sqliteBackend();
    store = await backend.open();
  });
  afterAll(() => backend.dispose());
  beforeEach(async () => {
    await backend.reset();
    calls = [];
    const accounts = new ConsoleAccounts({
      store,
      clock,
      sessionTtl: () => 1000,
      passwordCost: TEST_PASSWORD_COST,
    });
    // The real account handlers, plus a few stand-ins that only record the call.
    const record = (result: unknown) => (args: unknown, actor: Actor) => {
      calls.push(`${actor.name}:${JSON.stringify(args)}`);
      return result as never;
    };
    const dispatch = createDispatcher<ControlApi, Actor>(controlApi, {
      ...consoleMethods({ store, accounts }),
      'app.run': record({ runId: 1, outcome: 'ok' }),
      'app.restart': async () => {
        throw new OpsbotError('APP', 'app "ghost" is not configured');
      },
      'app.do': record({}),
      status: record({ pid: 1, url: null, config: 'x', timezone: 'UTC', apps: [] }),
    });
    guarded = guardDispatch(dispatch, {
      store,
      log: createLogger({ level: 'silent' }),
      now: () => clock.now(),
    });
  });

  it('refuses a viewer any change: FORBIDDEN, an audit row "denied", and the handler never runs', async () => {
    await expect(guarded('app.run', { app: 'standup' }, viewer)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'viewer may not app.run',
    });
    await expect(
      guarded('users.add', { name: 'x', role: 'admin', password: 'p'.repeat(12) }, operator),
    ).rejects.toThrow('operator may not users.add');
    expect(calls).toEqual([]);
    expect(await store.consoleUsers.list()).toEqual([]);
    expect((await store.audit.list()).map((e) => ({ ...e, id: 0 }))).toEqual([
      {
        id: 0,
        at: clock.now(),
        actor: 'otto',
        via: 'console',
        action: 'users.add',
        target: 'x',
        args: { name: 'x', role: 'admin', password: '[redacted]' },
        outcome: 'denied',
        error: 'operator may not users.add',
      },
      {
        id: 0,
        at: clock.now(),
        actor: 'vera',
        via: 'api',
        action: 'app.run',
        target: 'standup',
        args: { app: 'standup' },
        outcome: 'denied',
        error: 'viewer may not app.run',
      },
    ]);
  });

  it('lets an operator run an app and audits it "ok"; a failing change is audited "error" and still throws', async () => {
    expect(await guarded('app.run', { app: 'standup', set: { apiToken: 's3cr3t' } }, operator)).toEqual({
      runId: 1,
      outcome: 'ok',
    });
    expect(calls).toEqual(['otto:{"app":"standup","dryRun":false,"set":{"apiToken":"s3cr3t"}}']);
    await expect(guarded('app.restart', { app: 'ghost' }, operator)).rejects.toThrow(
      'app "ghost" is not configured',
    );
    const audit = await store.audit.list();
    expect(audit.map((e) => [e.action, e.target, e.outcome, e.error, e.args])).toEqual([
      ['app.restart', 'ghost', 'error', 'app "ghost" is not configured', { app: 'ghost' }],
      ['app.run', 'standup', 'ok', null, { app: 'standup', set: { apiToken: '[redacted]' } }],
    ]);
    expect(JSON.stringify(audit)).not.toContain('s3cr3t');
  });

  it('does not audit reads; unknown methods are unknown whoever asks', async () => {
    await guarded('status', {}, viewer);
    await guarded('audit.list', {}, viewer);
    expect(await store.audit.list()).toEqual([]);
    await expect(guarded('nope', {}, admin)).rejects.toMatchObject({ code: 'UNKNOWN_METHOD', exitCode: 2 });
    await expect(guarded('toString', {}, admin)).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
  });

  it('masks the password of users.add in the audit; admins manage users; the last admin stays', async () => {
    const added = await guarded(
      'users.add',
      { name: 'ada', role: 'admin', password: 'ada-password-1' },
      admin,
    );
    expect(added).toMatchObject({ name: 'ada', role: 'admin', hasPassword: true, lastLoginAt: null });
    await expect(guarded('users.update', { name: 'ada', role: 'viewer' }, admin)).rejects.toMatchObject({
      code: 'LAST_ADMIN',
    });
    await expect(guarded('users.remove', { name: 'ada' }, admin)).rejects.toMatchObject({
      code: 'LAST_ADMIN',
    });
    await expect(
      guarded('users.add', { name: 'ada', role: 'viewer', password: 'x'.repeat(10) }, admin),
    ).rejects.toMatchObject({
      code: 'USER_EXISTS',
    });
    await expect(
      guarded('users.add', { name: 'bad name', role: 'viewer', password: 'x'.repeat(10) }, admin),
    ).rejects.toMatchObject({
      code: 'BAD_ARGS',
    });
    const entries = (await guarded('audit.list', { action: 'users.add' }, viewer)) as {
      entries: Array<{ args: unknown }>;
    };
    expect(entries.entries.map((e) => e.args)).toEqual([
      { name: 'bad name', role: 'viewer', password: '[redacted]' },
      { name: 'ada', role: 'viewer', password: '[redacted]' },
      { name: 'ada', role: 'admin', password: '[redacted]' },
    ]);
    expect(JSON.stringify(await store.audit.list())).not.toContain('ada-password-1');
  });

  it('tokens: created for a user, listed without hashes, revoked once; audit.list pages', async () => {
    await guarded('users.add', { name: 'ci', role: 'operator', password: 'ci-password-1' }, admin);
    const created = (await guarded('tokens.create', { user: 'ci', label: 'deploy' }, admin)) as {
      id: string;
      token: string;
    };
    expect(created.token).toMatch(new RegExp(`^obt_${created.id}_`));
    await expect(guarded('tokens.create', { user: 'nobody' }, admin)).rejects.toMatchObject({
      code: 'NO_USER',
    });
    const listed = (await guarded('tokens.list', {}, admin)) as { tokens: unknown[] };
    expect(listed.tokens).toEqual([
      {
        id: created.id,
        user: 'ci',
        label: 'deploy',
        createdAt: clock.now(),
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);
    expect(await guarded('tokens.revoke', { id: created.id }, admin)).toEqual({ revoked: created.id });
    await expect(guarded('tokens.revoke', { id: created.id }, admin)).rejects.toMatchObject({
      code: 'NO_TOKEN',
    });
    expect(JSON.stringify(await store.audit.list())).not.toContain(created.token);
    const first = (await guarded('audit.list', { limit: 2 }, viewer)) as {
      entries: Array<{ id: number }>;
      next: number;
    };
    expect(first.entries).toHaveLength(2);
    expect(first.next).toBe(first.entries[1]!.id);
    const rest = (await guarded('audit.list', { limit: 10, before: first.next }, viewer)) as {
      entries: unknown[];
      next: null;
    };
    // users.add, two tokens.create, two tokens.revoke: listing tokens is a read, not audited.
    expect(rest.entries).toHaveLength(3);
    expect(rest.next).toBeNull();
  });

  it('an audit write that fails is logged and never fails the call', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', destination: 1 });
    log.warn = ((obj: object, msg: string) => lines.push(`${msg} ${JSON.stringify(obj)}`)) as never;
    const broken = {
      ...store,
      audit: { ...store.audit, add: async () => Promise.reject(new Error('disk full')) },
    } as Store;
    const dispatch = createDispatcher<ControlApi, Actor>(controlApi, {
      'app.run': async () => ({ runId: 2, outcome: 'ok' }),
    } as never);
    const g = guardDispatch(dispatch, { store: broken, log, now: () => 1 });
    expect(await g('app.run', { app: 'x' }, operator)).toEqual({ runId: 2, outcome: 'ok' });
    await expect(g('app.run', { app: 'x' }, viewer)).rejects.toThrow('viewer may not app.run');
    expect(lines).toEqual([
      'could not write the audit log {"err":"disk full","action":"app.run"}',
      'could not write the audit log {"err":"disk full","action":"app.run"}',
    ]);
  });

  it('names the target by app, connection, name, user, id or exchange and date', () => {
    expect(auditTarget({ app: 'a', connection: 'c' })).toBe('a');
    expect(auditTarget({ connection: 'slack' })).toBe('slack');
    expect(auditTarget({ exchange: 'XKRX', date: '2026-12-25', name: 'Xmas' })).toBe('XKRX 2026-12-25');
    expect(auditTarget({ user: 'bob' })).toBe('bob');
    expect(auditTarget({ id: 'abc' })).toBe('abc');
    expect(auditTarget({ ids: ['a', 'b'] })).toBe('a,b');
    expect(auditTarget({})).toBeNull();
    expect(auditTarget(null)).toBeNull();
    expect(auditTarget('x')).toBeNull();
  });
});
