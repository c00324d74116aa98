import { afterEach, describe, expect, it } from 'vitest';
import { type KakaoEmulator, startKakaoEmulator } from './customer-files.ts';

const KEY = 'rest-key-1';
let emu: KakaoEmulator;
afterEach(() => emu.close());

async function call(method: 'GET' | 'POST', path: string, body: Record<string, unknown>, key = KEY) {
  const url = new URL(`${emu.url}/v1/talkchannel${path}`);
  if (method === 'GET') for (const [k, v] of Object.entries(body)) url.searchParams.set(k, String(v));
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `KakaoAK ${key}`,
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
    },
    ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const channel = { channel_public_id: '_ch' };
const SCHEMA = { 이름: 'string', 회사명: 'string', 목동발송클래스: 'number' };

async function created(maxBatch = 3): Promise<number> {
  emu = await startKakaoEmulator({ apiKey: KEY, channelProfileId: '_ch', maxBatch });
  const res = await call('POST', '/create/target_user_file', {
    ...channel,
    file_name: '고객',
    schema: SCHEMA,
  });
  expect(res.status).toBe(200);
  return res.body['file_id'] as number;
}

describe('Kakao customer-file emulator', () => {
  it('checks the KakaoAK key and the channel', async () => {
    emu = await startKakaoEmulator({ apiKey: KEY, channelProfileId: '_ch' });
    expect(await call('GET', '/target_user_file', channel, 'wrong')).toEqual({
      status: 401,
      body: { code: -401, msg: 'InvalidAppKey' },
    });
    expect((await call('GET', '/target_user_file', { channel_public_id: '_other' })).body['code']).toBe(-541);
    expect(await call('GET', '/target_user_file', channel)).toEqual({ status: 200, body: { results: [] } });
  });

  it('creates a file with a fixed schema, lists it and refuses a second one by the same name', async () => {
    const fileId = await created();
    expect((await call('GET', '/target_user_file', channel)).body).toEqual({
      results: [{ file_id: fileId, file_name: '고객', schema: SCHEMA, user_count: 0 }],
    });
    const again = await call('POST', '/create/target_user_file', {
      ...channel,
      file_name: '고객',
      schema: {},
    });
    expect(again).toMatchObject({ status: 400, body: { code: -2 } });
    const badType = await call('POST', '/create/target_user_file', {
      ...channel,
      file_name: 'x',
      schema: { a: 'date' },
    });
    expect(badType.status).toBe(400);
  });

  it('upserts users by id, checks fields against the schema, deletes, and knows −816', async () => {
    const fileId = await created();
    const add = await call('POST', '/update/target_users', {
      ...channel,
      file_id: fileId,
      user_type: 'phone',
      users: [
        { id: '01011112222', field: { 이름: '김민준', 목동발송클래스: 1 } },
        { id: '01033334444', field: { 이름: '이서연', 회사명: 'A사', 목동발송클래스: '2' } },
      ],
    });
    expect(add).toEqual({ status: 200, body: { file_id: fileId, success_count: 2 } });
    await call('POST', '/update/target_users', {
      ...channel,
      file_id: fileId,
      user_type: 'phone',
      users: [{ id: '01011112222', field: { 이름: '김민준', 회사명: 'B사' } }],
    });
    expect(emu.file('고객')?.users).toEqual({
      '01011112222': { 이름: '김민준', 회사명: 'B사' },
      '01033334444': { 이름: '이서연', 회사명: 'A사', 목동발송클래스: '2' },
    });

    const users = (field: Record<string, unknown>, id = '01055556666') => ({
      ...channel,
      file_id: fileId,
      user_type: 'phone',
      users: [{ id, field }],
    });
    expect((await call('POST', '/update/target_users', users({ 직급: '과장' }))).body['code']).toBe(-2);
    expect((await call('POST', '/update/target_users', users({ 목동발송클래스: 'x' }))).body['code']).toBe(
      -2,
    );
    expect((await call('POST', '/update/target_users', users({}, '010-5555'))).body['code']).toBe(-2);
    expect((await call('POST', '/update/target_users', { ...users({}), file_id: 999 })).body['code']).toBe(
      -816,
    );

    const del = await call('POST', '/delete/target_users', {
      ...channel,
      file_id: fileId,
      user_type: 'phone',
      user_ids: [{ id: '01011112222' }, '01099999999'],
    });
    expect(del.body).toEqual({ file_id: fileId, success_count: 1 });
    expect(Object.keys(emu.file('고객')?.users ?? {})).toEqual(['01033334444']);
  });

  it('refuses batches over maxBatch and fails the n-th write once when asked', async () => {
    const fileId = await created(2);
    const body = (ids: string[]) => ({
      ...channel,
      file_id: fileId,
      user_type: 'phone',
      users: ids.map((id) => ({ id, field: { 이름: id } })),
    });
    const big = await call(
      'POST',
      '/update/target_users',
      body(['01000000001', '01000000002', '01000000003']),
    );
    expect(big).toMatchObject({ status: 400, body: { code: -2 } });

    emu.failAfter(2);
    expect((await call('POST', '/update/target_users', body(['01000000001']))).status).toBe(200);
    expect((await call('POST', '/update/target_users', body(['01000000002']))).status).toBe(500);
    expect((await call('POST', '/update/target_users', body(['01000000003']))).status).toBe(200);
    expect(Object.keys(emu.file('고객')?.users ?? {})).toEqual(['01000000001', '01000000003']);

    emu.failAfter(1, { applied: true });
    expect((await call('POST', '/update/target_users', body(['01000000004']))).status).toBe(500);
    expect(Object.keys(emu.file('고객')?.users ?? {})).toContain('01000000004');
    expect(emu.calls.filter((c) => c.status === 500)).toHaveLength(2);
  });
});
