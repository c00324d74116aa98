import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, serviceToken, start } from './testkit.ts';

let emu: WorksEmulator;
let token: string;
const users = [
  { userId: 'user-a', email: 'kim@example.com', lastName: '김', firstName: '철수' },
  { userId: 'user-b', email: 'lee@example.com', lastName: '이', firstName: '영희' },
  {
    userId: 'user-c',
    email: 'park@example.com',
    lastName: '박',
    firstName: '민수',
    cellPhone: '010-0000-0000',
  },
];
beforeAll(async () => {
  emu = await start({ users });
  token = await serviceToken(emu, 'user.read');
});
afterAll(() => emu.close());

describe('directory', () => {
  it('pages GET /users with count + cursor', async () => {
    const first = await api(emu, token, 'GET', '/users?count=2');
    const p1 = (await first.json()) as {
      users: { userId: string }[];
      responseMetaData: { nextCursor?: string };
    };
    expect(p1.users.map((u) => u.userId)).toEqual(['user-a', 'user-b']);
    const second = await api(emu, token, 'GET', `/users?count=2&cursor=${p1.responseMetaData.nextCursor}`);
    const p2 = (await second.json()) as {
      users: { userId: string }[];
      responseMetaData: { nextCursor?: string };
    };
    expect(p2.users.map((u) => u.userId)).toEqual(['user-c']);
    expect(p2.responseMetaData).toEqual({});
  });

  it('finds a user by id or URL-encoded email, 404 otherwise', async () => {
    const byEmail = await api(emu, token, 'GET', '/users/park%40example.com');
    expect(byEmail.status).toBe(200);
    expect(await byEmail.json()).toMatchObject({
      userId: 'user-c',
      userName: { lastName: '박', firstName: '민수' },
      cellPhone: '010-0000-0000',
    });
    expect((await api(emu, token, 'GET', '/users/user-a')).status).toBe(200);
    expect((await api(emu, token, 'GET', '/users/nobody')).status).toBe(404);
  });

  it('rejects a bad count with 400 INVALID_PARAMETER', async () => {
    const res = await api(emu, token, 'GET', '/users?count=0');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'INVALID_PARAMETER',
      description: 'count: must be an integer 1..100',
    });
  });
});
