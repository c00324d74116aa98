import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, CLIENT, keys, serviceToken, start } from './testkit.ts';

let emu: WorksEmulator;
type Paged<K extends string, T> = Record<K, T[]> & { responseMetaData: { nextCursor?: string } };

beforeAll(async () => {
  emu = await start({
    clients: [{ ...CLIENT, publicKeyPem: keys.publicKey, scopes: undefined }],
    groups: [
      { groupId: 'g1', groupName: '개발팀', members: ['user-a'] },
      { groupId: 'g2', groupName: '영업팀' },
      { groupId: 'g3', groupName: 'Ops', description: 'on call' },
    ],
    orgUnits: [
      {
        orgUnitId: 'ou-1',
        orgUnitName: 'HQ',
        members: [{ userId: 'user-a', isManager: true }, { userId: 'user-b' }, { userId: 'user-c' }],
      },
    ],
  });
});
afterAll(() => emu.close());

describe('groups and org units', () => {
  it('pages GET /groups', async () => {
    const token = await serviceToken(emu, 'group.read');
    const r1 = await api(emu, token, 'GET', '/groups?count=2');
    const p1 = (await r1.json()) as Paged<'groups', { groupId: string; groupName: string }>;
    expect(p1.groups.map((g) => g.groupName)).toEqual(['개발팀', '영업팀']);
    expect(p1.groups[0]).toMatchObject({ domainId: 10000001, members: [{ id: 'user-a', type: 'USER' }] });
    const r2 = await api(emu, token, 'GET', `/groups?count=2&cursor=${p1.responseMetaData.nextCursor}`);
    expect(await r2.json()).toMatchObject({
      groups: [{ groupId: 'g3', description: 'on call' }],
      responseMetaData: {},
    });
  });

  it('pages org unit members and answers 404 for an unknown unit', async () => {
    const token = await serviceToken(emu, 'directory.read');
    const r1 = await api(emu, token, 'GET', '/orgunits/ou-1/members?count=2');
    const p1 = (await r1.json()) as Paged<'members', { userId: string; isManager: boolean }>;
    expect(p1.members.map((m) => [m.userId, m.isManager])).toEqual([
      ['user-a', true],
      ['user-b', false],
    ]);
    const r2 = await api(
      emu,
      token,
      'GET',
      `/orgunits/ou-1/members?cursor=${p1.responseMetaData.nextCursor}`,
    );
    expect(((await r2.json()) as Paged<'members', { userId: string }>).members.map((m) => m.userId)).toEqual([
      'user-c',
    ]);
    expect((await api(emu, token, 'GET', '/orgunits/nope/members')).status).toBe(404);
  });

  it('keeps group and org unit scopes apart', async () => {
    const groupOnly = await serviceToken(emu, 'group');
    expect((await api(emu, groupOnly, 'GET', '/orgunits/ou-1/members')).status).toBe(403);
    const unitOnly = await serviceToken(emu, 'orgunit.read');
    expect((await api(emu, unitOnly, 'GET', '/orgunits/ou-1/members')).status).toBe(200);
    expect((await api(emu, unitOnly, 'GET', '/groups')).status).toBe(403);
  });
});
