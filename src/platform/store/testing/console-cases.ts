import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../console-types.ts';
import type { Env } from './outbox-cases.ts';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';

function auditEntry(overrides: Partial<Omit<AuditRow, 'id'>> = {}): Omit<AuditRow, 'id'> {
  return {
    at: 1_000,
    actor: 'alice',
    via: 'console',
    action: 'app.run',
    target: 'standup',
    args: { app: 'standup', set: { password: '[redacted]' } },
    outcome: 'ok',
    error: null,
    ...overrides,
  };
}

export function consoleCases(env: Env): void {
  describe('console: users', () => {
    it('adds once, reads back, lists by name, counts admins', async () => {
      const users = env.store.consoleUsers;
      expect(await users.add({ name: 'bob', role: 'viewer', passwordHash: HASH, createdAt: 10 })).toBe(true);
      expect(await users.add({ name: 'alice', role: 'admin', passwordHash: null, createdAt: 20 })).toBe(true);
      expect(await users.add({ name: 'alice', role: 'viewer', passwordHash: HASH, createdAt: 30 })).toBe(
        false,
      );
      expect(await users.get('alice')).toEqual({
        name: 'alice',
        role: 'admin',
        passwordHash: null,
        createdAt: 20,
        updatedAt: 20,
        lastLoginAt: null,
      });
      expect(await users.get('Alice')).toBeUndefined();
      expect((await users.list()).map((u) => u.name)).toEqual(['alice', 'bob']);
      expect(await users.countAdmins()).toBe(1);
    });

    it('update changes only the given fields; unknown users are false', async () => {
      const users = env.store.consoleUsers;
      await users.add({ name: 'carol', role: 'operator', passwordHash: HASH, createdAt: 10 });
      expect(await users.update('carol', { lastLoginAt: 50 }, 50)).toBe(true);
      expect(await users.update('carol', { role: 'admin' }, 60)).toBe(true);
      expect(await users.get('carol')).toEqual({
        name: 'carol',
        role: 'admin',
        passwordHash: HASH,
        createdAt: 10,
        updatedAt: 60,
        lastLoginAt: 50,
      });
      expect(await users.update('carol', { passwordHash: null }, 70)).toBe(true);
      expect((await users.get('carol'))?.passwordHash).toBeNull();
      expect(await users.update('nobody', { role: 'viewer' }, 80)).toBe(false);
    });

    it('remove takes the user’s sessions and tokens with it, and nobody else’s', async () => {
      const { consoleUsers, consoleSessions, apiTokens } = env.store;
      for (const name of ['dan', 'eve']) {
        await consoleUsers.add({ name, role: 'operator', passwordHash: HASH, createdAt: 1 });
        await consoleSessions.create({
          id: `s-${name}`,
          user: name,
          csrf: 'c',
          createdAt: 1,
          lastSeenAt: 1,
          expiresAt: 100,
        });
        await apiTokens.create({ id: `t-${name}`, user: name, label: null, hash: 'h', createdAt: 1 });
      }
      expect(await consoleUsers.remove('dan')).toBe(true);
      expect(await consoleUsers.remove('dan')).toBe(false);
      expect(await consoleUsers.get('dan')).toBeUndefined();
      expect(await consoleSessions.get('s-dan')).toBeUndefined();
      expect(await apiTokens.get('t-dan')).toBeUndefined();
      expect(await consoleSessions.get('s-eve')).toMatchObject({ user: 'eve' });
      expect(await apiTokens.get('t-eve')).toMatchObject({ user: 'eve' });
    });
  });

  describe('console: sessions', () => {
    it('create, get (even expired), touch slides, delete once, prune only expired', async () => {
      const sessions = env.store.consoleSessions;
      const row = {
        id: 'a'.repeat(64),
        user: 'alice',
        csrf: 'x',
        createdAt: 1,
        lastSeenAt: 1,
        expiresAt: 100,
      };
      await sessions.create(row);
      await sessions.create({ ...row, id: 'b'.repeat(64), expiresAt: 500 });
      expect(await sessions.get(row.id)).toEqual(row);
      await sessions.touch(row.id, 90, 190);
      expect(await sessions.get(row.id)).toEqual({ ...row, lastSeenAt: 90, expiresAt: 190 });
      // A use that comes after the expiry (a request that read the row just before) revives nothing.
      await sessions.touch(row.id, 195, 295);
      expect(await sessions.get(row.id)).toEqual({ ...row, lastSeenAt: 90, expiresAt: 190 });
      expect(await sessions.prune(200)).toBe(1);
      expect(await sessions.get(row.id)).toBeUndefined();
      expect(await sessions.delete('b'.repeat(64))).toBe(true);
      expect(await sessions.delete('b'.repeat(64))).toBe(false);
      expect(await sessions.get('unknown')).toBeUndefined();
    });
  });

  describe('console: API tokens', () => {
    it('lists newest first (per user when asked), touches, revokes once', async () => {
      const tokens = env.store.apiTokens;
      await tokens.create({ id: '000000000001', user: 'alice', label: 'ci', hash: 'h1', createdAt: 10 });
      await tokens.create({ id: '000000000002', user: 'bob', label: null, hash: 'h2', createdAt: 20 });
      await tokens.create({ id: '000000000003', user: 'alice', label: null, hash: 'h3', createdAt: 30 });
      expect((await tokens.list()).map((t) => t.id)).toEqual([
        '000000000003',
        '000000000002',
        '000000000001',
      ]);
      expect((await tokens.list('alice')).map((t) => t.id)).toEqual(['000000000003', '000000000001']);
      expect(await tokens.list('nobody')).toEqual([]);
      await tokens.touch('000000000001', 40);
      expect(await tokens.revoke('000000000001', 50)).toBe(true);
      expect(await tokens.revoke('000000000001', 60)).toBe(false);
      expect(await tokens.revoke('ffffffffffff', 60)).toBe(false);
      expect(await tokens.get('000000000001')).toEqual({
        id: '000000000001',
        user: 'alice',
        label: 'ci',
        hash: 'h1',
        createdAt: 10,
        lastUsedAt: 40,
        revokedAt: 50,
      });
    });
  });

  describe('console: audit log', () => {
    it('adds with growing ids and lists newest first, filtered and paged', async () => {
      const { audit } = env.store;
      const first = await audit.add(auditEntry());
      const second = await audit.add(
        auditEntry({ at: 2_000, actor: 'bob', via: 'api', action: 'users.add', target: 'carol' }),
      );
      const third = await audit.add(
        auditEntry({ at: 3_000, outcome: 'denied', error: 'viewer may not app.run' }),
      );
      expect(second).toBeGreaterThan(first);
      expect(third).toBeGreaterThan(second);
      expect((await audit.list()).map((e) => e.id)).toEqual([third, second, first]);
      expect(await audit.list({ actor: 'bob' })).toEqual([
        {
          id: second,
          ...auditEntry({ at: 2_000, actor: 'bob', via: 'api', action: 'users.add', target: 'carol' }),
        },
      ]);
      expect((await audit.list({ action: 'app.run' })).map((e) => e.id)).toEqual([third, first]);
      expect((await audit.list({ before: third, limit: 1 })).map((e) => e.id)).toEqual([second]);
      expect(
        (await audit.list({ actor: 'alice', action: 'app.run', before: third })).map((e) => e.id),
      ).toEqual([first]);
      expect((await audit.list())[0]).toMatchObject({ outcome: 'denied', error: 'viewer may not app.run' });
    });

    it('prune deletes entries older than the cut only', async () => {
      const { audit } = env.store;
      await audit.add(auditEntry({ at: 100 }));
      await audit.add(auditEntry({ at: 200 }));
      await audit.add(auditEntry({ at: 300 }));
      expect(await audit.prune(250)).toBe(2);
      expect((await audit.list()).map((e) => e.at)).toEqual([300]);
    });
  });
}
