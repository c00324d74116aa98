import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorksApiError } from '../api.ts';
import { type DirectoryClient, directoryClient, nameMatches } from './directory.ts';
import { type WorksClientHarness, worksClientHarness } from './test-harness.ts';

let harness: WorksClientHarness;

// 140 filler members first, so a name lookup has to walk past the first page of 100.
const filler = Array.from({ length: 140 }, (_, i) => ({
  userId: `filler-${i}`,
  email: `filler${i}@example.com`,
  lastName: '박',
  firstName: `사원${i}`,
}));
const users = [
  ...filler,
  { userId: 'user-kim', email: 'Minjun.Kim@example.com', lastName: '김', firstName: '민준' },
  { userId: 'user-kim2', email: 'kim2@example.com', lastName: '김', firstName: '민준' },
  { userId: 'user-smith', email: 'john@example.com', lastName: 'Smith', firstName: 'John' },
];

beforeAll(async () => {
  harness = await worksClientHarness({
    users,
    groups: [
      { groupId: 'g1', groupName: '개발팀' },
      { groupId: 'g2', groupName: '영업팀' },
      { groupId: 'g3', groupName: 'Ops' },
    ],
    orgUnits: [
      {
        orgUnitId: 'ou-1',
        orgUnitName: 'HQ',
        members: [{ userId: 'user-kim', isManager: true }, { userId: 'user-smith' }],
      },
    ],
  });
});
afterAll(() => harness.close());

function works(scopes: string[], connection = 'works'): DirectoryClient {
  return directoryClient(harness.deps({ scopes }, connection));
}

describe('nameMatches', () => {
  const kim = { userId: 'k', userName: { lastName: '김', firstName: '민준' } };
  const smith = { userId: 's', userName: { lastName: 'Smith', firstName: 'John' } };
  it.each([
    [kim, '김민준', true],
    [kim, ' 김 민준 ', true],
    [kim, '김민', false],
    [smith, 'John Smith', true],
    [smith, 'smith  john', true],
    [smith, 'John', false],
    [smith, '   ', false],
  ])('%j ~ %s → %s', (user, name, expected) => {
    expect(nameMatches(user, name)).toBe(expected);
  });
});

describe('directory client', () => {
  it('pages users and groups', async () => {
    const client = works(['directory.read']);
    const first = await client.users({ count: 100 });
    expect(first.items).toHaveLength(100);
    const rest = await client.users({
      count: 100,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(rest.items.map((u) => u.userId).slice(-3)).toEqual(['user-kim', 'user-kim2', 'user-smith']);
    expect(rest.nextCursor).toBeUndefined();

    const g1 = await client.groups({ count: 2 });
    const g2 = await client.groups({ count: 2, ...(g1.nextCursor ? { cursor: g1.nextCursor } : {}) });
    expect([...g1.items, ...g2.items].map((g) => g.groupName)).toEqual(['개발팀', '영업팀', 'Ops']);
    expect(g2.nextCursor).toBeUndefined();
  });

  it('lists org unit members and reports an unknown unit as 404', async () => {
    const client = works(['directory.read']);
    const page = await client.orgUnitMembers('ou-1', { count: 1 });
    expect(page.items).toMatchObject([{ userId: 'user-kim', isManager: true }]);
    const next = await client.orgUnitMembers('ou-1', page.nextCursor ? { cursor: page.nextCursor } : {});
    expect(next.items.map((m) => m.userId)).toEqual(['user-smith']);
    await expect(client.orgUnitMembers('ou-x')).rejects.toMatchObject({
      status: 404,
      errorCode: 'NOT_FOUND',
    });
  });

  it('finds Korean and western full names across pages', async () => {
    const client = works(['directory.read']);
    expect((await client.findByName('김민준')).map((u) => u.userId)).toEqual(['user-kim', 'user-kim2']);
    expect((await client.findByName('김 민준')).map((u) => u.userId)).toEqual(['user-kim', 'user-kim2']);
    expect((await client.findByName('John Smith')).map((u) => u.userId)).toEqual(['user-smith']);
    expect(await client.findByName('홍길동')).toEqual([]);
    const paged = harness.emu.state.requests.filter((r) => r.path.endsWith('/users'));
    expect(paged.length).toBeGreaterThanOrEqual(2);
  });

  it('finds by email case-insensitively, null when absent; user() by id', async () => {
    const client = works(['directory.read']);
    expect(await client.findByEmail(' minjun.kim@EXAMPLE.com ')).toMatchObject({
      userId: 'user-kim',
      userName: { lastName: '김', firstName: '민준' },
    });
    expect(await client.findByEmail('nobody@example.com')).toBeNull();
    expect(await client.findByEmail('user-smith')).toBeNull();
    expect((await client.user('user-smith')).email).toBe('john@example.com');
    const missing = await client.user('nobody').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(WorksApiError);
    expect(missing).toMatchObject({ status: 404 });
  });

  it('surfaces a missing scope as 403 FORBIDDEN', async () => {
    const client = works(['calendar'], 'works-cal');
    await expect(client.groups()).rejects.toMatchObject({ status: 403, errorCode: 'FORBIDDEN' });
    await expect(client.findByEmail('john@example.com')).rejects.toMatchObject({ status: 403 });
  });
});
