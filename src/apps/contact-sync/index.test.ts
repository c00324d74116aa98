import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactsClient } from '../../connectors/naverworks/clients/contacts.ts';
import { directoryClient } from '../../connectors/naverworks/clients/directory.ts';
import {
  type WorksClientHarness,
  worksClientHarness,
} from '../../connectors/naverworks/clients/test-harness.ts';
import { type KakaoEmulator, startKakaoEmulator } from '../../sandbox/kakao/customer-files.ts';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp, type TestApp } from '../../sdk/testing/index.ts';
import contactSync from './index.ts';
import { STATE_KEY, type SyncState } from './sync.ts';

const KEY = 'kakao-rest-key-secret';
const FILE = '고객사 연락처';
let works: WorksClientHarness;
let kakao: KakaoEmulator;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'contact-sync-'));
  works = await worksClientHarness({
    contactTags: [
      { contactTagId: 't-a', contactTagName: 'A사' },
      { contactTagId: 't-b', contactTagName: 'B사' },
      { contactTagId: 't-s1', contactTagName: '상암1' },
      { contactTagId: 't-x', contactTagName: '기타' },
    ],
    contacts: [
      contact('c1', '김', '고객', '010-1111-2222', ['t-a', 't-s1']),
      contact('c2', '박', '고객', '+82 10 3333 4444', ['t-b']),
      contact('c3', '최', '잘못', '02-123-4567', ['t-a']),
      contact('c4', '정', '기타', '010-9999-0000', ['t-x']),
      { contactId: 'c5', lastName: '한', firstName: '번호없음', contactTagIds: ['t-a'] },
    ],
    users: [
      {
        userId: 'u1',
        email: 'kim@corp.example',
        lastName: '김',
        firstName: '민준',
        cellPhone: '010.5555.6666',
      },
      {
        userId: 'u2',
        email: 'lee@corp.example',
        lastName: '이',
        firstName: '서연',
        cellPhone: '82-10-7777-8888',
      },
      {
        userId: 'u3',
        email: 'out@corp.example',
        lastName: '외',
        firstName: '부인',
        cellPhone: '010-1212-3434',
      },
    ],
    orgUnits: [{ orgUnitId: 'ou-data', orgUnitName: '해외데이터팀', members: [{ userId: 'u1' }] }],
    groups: [{ groupId: 'g-1', groupName: '해외데이터팀', members: ['u2'] }],
  });
  kakao = await startKakaoEmulator({ apiKey: KEY, channelProfileId: '_ch' });
});
afterEach(async () => {
  await works.close();
  await kakao.close();
  await rm(dir, { recursive: true, force: true });
});

function contact(id: string, last: string, first: string, phone: string, tags: string[]) {
  return {
    contactId: id,
    lastName: last,
    firstName: first,
    telephones: [
      { type: 'HOME', telephone: '02-000-0000' },
      { type: 'CELLPHONE', telephone: phone },
    ],
    contactTagIds: tags,
  };
}

const FIELDS = {
  이름: '{name}',
  회사명: '{company}',
  목동발송클래스: { from: 'company', map: { A사: 1, B사: 2, 코라이즈테크놀로지: 9 } },
  상암발송클래스: { from: 'tags', map: { 상암1: 1 }, default: 0 },
};

function app(over: Record<string, unknown> = {}, extra: { dryRun?: boolean } = {}): TestApp<unknown> {
  const deps = works.deps({ scopes: ['contact.read', 'directory.read'] });
  const { kakao: kakaoOver, ...rest } = over as { kakao?: Record<string, unknown> };
  return createTestApp(contactSync, {
    ...extra,
    options: {
      kakao: { apiKey: KEY, channelPublicId: '_ch', fileName: FILE, baseUrl: kakao.url, ...kakaoOver },
      sources: [
        { type: 'contacts', tags: ['A사', 'B사'] },
        {
          type: 'directory',
          orgUnits: ['ou-data'],
          groups: ['해외데이터팀'],
          set: { company: '코라이즈테크놀로지' },
        },
      ],
      fields: FIELDS,
      target: 'desk',
      ...rest,
    },
    connectors: { works: { contacts: contactsClient(deps), directory: directoryClient(deps) } },
  });
}

const users = () => kakao.file(FILE)?.users;
const writes = () => kakao.calls.filter((c) => c.method === 'POST' && c.path.includes('target_users'));
const text = (t: TestApp<unknown>, i = -1) =>
  (t.sent.at(i)?.message as PortableMessage | undefined)?.text ?? '';

const FIRST = {
  '01011112222': { 이름: '김고객', 회사명: 'A사', 목동발송클래스: 1, 상암발송클래스: 1 },
  '01033334444': { 이름: '박고객', 회사명: 'B사', 목동발송클래스: 2, 상암발송클래스: 0 },
  '01055556666': { 이름: '김민준', 회사명: '코라이즈테크놀로지', 목동발송클래스: 9, 상암발송클래스: 0 },
  '01077778888': { 이름: '이서연', 회사명: '코라이즈테크놀로지', 목동발송클래스: 9, 상암발송클래스: 0 },
};

describe('contact-sync (NAVER WORKS emulator → Kakao emulator)', () => {
  it('creates the file with the schema of `fields`, syncs everyone and reports the bad number', async () => {
    const t = app();
    await t.run();
    expect(kakao.file(FILE)?.schema).toEqual({
      이름: 'string',
      회사명: 'string',
      목동발송클래스: 'number',
      상암발송클래스: 'number',
    });
    expect(users()).toEqual(FIRST);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]?.target).toBe('desk');
    expect(text(t)).toContain('추가 4, 변경 0, 삭제 0, 잘못된 번호 1 (변경 없음 0, 번호 없음 1)');
    expect(text(t)).toContain('잘못된 번호: 최잘못 (contacts) 02-123-4567');
    // The key went in the header only: no request body or message carries it.
    expect(JSON.stringify(kakao.calls)).not.toContain(KEY);
    expect(JSON.stringify(t.sent)).not.toContain(KEY);

    // Nothing changed: no writes, no message.
    const before = writes().length;
    await t.run();
    expect(writes()).toHaveLength(before);
    expect(t.sent).toHaveLength(1);
  });

  it('adds newcomers, updates changed people, deletes leavers and fixes a corrected number', async () => {
    const t = app();
    await t.run();
    const s = works.emu.state;
    s.contacts.push(contact('c6', '윤', '신규', '010 2468 1357', ['t-b']));
    s.contacts.find((c) => c.contactId === 'c2')!.contactTagIds = ['t-a', 't-s1']; // moved to A사
    s.contacts.find((c) => c.contactId === 'c3')!.telephones = [
      { type: 'CELLPHONE', telephone: '010-3030-4040' },
    ];
    s.orgUnits[0]!.members = []; // 김민준 left the team
    await t.run();
    expect(users()).toEqual({
      '01011112222': FIRST['01011112222'],
      '01033334444': { 이름: '박고객', 회사명: 'A사', 목동발송클래스: 1, 상암발송클래스: 1 },
      '01024681357': { 이름: '윤신규', 회사명: 'B사', 목동발송클래스: 2, 상암발송클래스: 0 },
      '01030304040': { 이름: '최잘못', 회사명: 'A사', 목동발송클래스: 1, 상암발송클래스: 0 },
      '01077778888': FIRST['01077778888'],
    });
    expect(text(t)).toMatch(/^고객 파일 "고객사 연락처": 추가 2, 변경 1, 삭제 1, 잘못된 번호 0/);
    expect(text(t)).toContain('삭제: 김민준');
    const last = writes().slice(-2);
    expect(last.map((c) => c.path)).toEqual([
      '/v1/talkchannel/delete/target_users',
      '/v1/talkchannel/update/target_users',
    ]);
    expect(last[0]?.body).toMatchObject({ user_type: 'phone', user_ids: [{ id: '01055556666' }] });
  });

  it('splits writes into batches of batchSize: 7 people, batch 3 → 3 calls', async () => {
    for (let i = 0; i < 5; i++)
      works.emu.state.contacts.push(contact(`n${i}`, '배', `치${i}`, `010-4000-000${i}`, ['t-b']));
    const t = app({ kakao: { batchSize: 3 } });
    await t.run();
    // 4 valid people from the seed + 5 new = 9 → 3 + 3 + 3.
    expect(Object.keys(users() ?? {})).toHaveLength(9);
    expect(writes().map((c) => ((c.body as { users: unknown[] }).users ?? []).length)).toEqual([3, 3, 3]);
  });

  it('resumes after a failure halfway without sending finished batches again', async () => {
    works.emu.state.contacts.push(contact('n1', '배', '치', '010-4000-0001', ['t-b']));
    works.emu.state.contacts.push(contact('n2', '배', '치둘', '010-4000-0002', ['t-b']));
    works.emu.state.contacts.push(contact('n3', '배', '치셋', '010-4000-0003', ['t-b']));
    // 7 people, batches of 3: the file is created (write 1), batch 1 (write 2), batch 2 fails (write 3).
    kakao.failAfter(3);
    const t = app({ kakao: { batchSize: 3 } });
    await expect(t.run()).rejects.toThrow(/batch 2 of 3 \(upsert, 3 users\) failed: .*HTTP 500/);
    expect(Object.keys(users() ?? {})).toHaveLength(3);
    expect(t.sent.at(-1)?.message).toMatchObject({
      title: '카카오 고객 파일 동기화 실패',
      severity: 'error',
    });
    expect(text(t)).toContain('삭제 0, 추가·변경 3');
    const stored = t.state.get(STATE_KEY) as SyncState;
    expect(Object.keys(stored.records)).toHaveLength(3);

    const sentBefore = new Set(
      writes().flatMap((c) => ((c.body as { users: Array<{ id: string }> }).users ?? []).map((u) => u.id)),
    );
    const callsBefore = writes().length;
    await t.run();
    const resumed = writes()
      .slice(callsBefore)
      .flatMap((c) => (c.body as { users: Array<{ id: string }> }).users.map((u) => u.id));
    expect(resumed).toHaveLength(4);
    // The ids of the batch that went through are not sent again.
    const firstBatch =
      (writes()[0]?.body as { users: Array<{ id: string }> } | undefined)?.users.map((u) => u.id) ?? [];
    expect(resumed.filter((id) => firstBatch.includes(id))).toEqual([]);
    expect(sentBefore.size).toBe(6);
    expect(Object.keys(users() ?? {})).toHaveLength(7);
    expect(kakao.state.files.size).toBe(1);
    expect(text(t)).toContain('추가 4, 변경 0, 삭제 0');
  });

  it('creates the file again and sends everyone when it was deleted in the admin center', async () => {
    const t = app();
    await t.run();
    kakao.state.files.clear();
    works.emu.state.contacts.push(contact('c6', '윤', '신규', '010 2468 1357', ['t-b']));
    await t.run(); // the file is gone from the listing: created again, everyone sent
    expect(Object.keys(users() ?? {})).toHaveLength(5);
    expect(kakao.state.files.size).toBe(1);
  });

  it('after −816 mid-run forgets what it synced and sends everyone on the next run', async () => {
    const t = app();
    await t.run();
    works.emu.state.contacts.push(contact('c6', '윤', '신규', '010 2468 1357', ['t-b']));
    kakao.failAfter(1, { status: 400, code: -816 });
    await expect(t.run()).rejects.toThrow(/\(-816\)/);
    expect(t.state.has(STATE_KEY)).toBe(false);
    const before = writes().length;
    await t.run();
    const resent = writes()
      .slice(before)
      .flatMap((c) => (c.body as { users: Array<{ id: string }> }).users.map((u) => u.id));
    expect(resent).toHaveLength(5);
    expect(Object.keys(users() ?? {})).toHaveLength(5);
  });

  it('reads a CSV source with a header, mapping its own columns', async () => {
    const csv = path.join(dir, 'extra.csv');
    await writeFile(
      csv,
      '\uFEFF성명,휴대폰,소속,비고\n"홍, 길동",010-8080-9090,A사,vip\n나잘못,1234,B사,\n',
      'utf8',
    );
    const t = app({
      sources: [{ type: 'csv', path: csv, columns: { name: '성명', phone: '휴대폰', company: '소속' } }],
      fields: { ...FIELDS, 비고: '{비고}' },
    });
    await t.run();
    expect(users()).toEqual({
      '01080809090': { 이름: '홍, 길동', 회사명: 'A사', 목동발송클래스: 1, 상암발송클래스: 0, 비고: 'vip' },
    });
    expect(text(t)).toContain('잘못된 번호: 나잘못 (csv:extra.csv) 1234');
  });

  it('dry run: writes nothing, not even the file, and keeps no state', async () => {
    const t = app({}, { dryRun: true });
    await t.run();
    expect(kakao.calls.filter((c) => c.method === 'POST')).toEqual([]);
    expect(kakao.state.files.size).toBe(0);
    expect(t.sent).toEqual([]);
    expect(t.state.size).toBe(0);

    // After a real run, a dry run against changes still writes nothing.
    await app().run();
    works.emu.state.contacts.splice(0, 1);
    const before = kakao.calls.length;
    await app({}, { dryRun: true }).run();
    expect(kakao.calls.slice(before).every((c) => c.method === 'GET')).toBe(true);
    expect(users()).toEqual(FIRST);
  });

  it('stops instead of deleting more than maxRemoveShare of the file', async () => {
    for (let i = 0; i < 8; i++)
      works.emu.state.contacts.push(contact(`n${i}`, '배', `치${i}`, `010-4000-000${i}`, ['t-b']));
    const t = app();
    await t.run();
    expect(Object.keys(users() ?? {})).toHaveLength(12);
    works.emu.state.contactTags.find((x) => x.contactTagId === 't-b')!.contactTagName = 'B사(구)';
    await expect(t.run()).rejects.toThrow(/9 of 12 people would be deleted/);
    expect(Object.keys(users() ?? {})).toHaveLength(12);
    expect(t.sent.at(-1)?.message).toMatchObject({ severity: 'error' });
    const forced = app({ maxRemoveShare: 1 });
    for (const [k, v] of t.state) forced.state.set(k, v);
    await forced.run();
    expect(Object.keys(users() ?? {})).toHaveLength(3);
  });

  it('fails without writing when a configured group does not exist', async () => {
    const t = app({ sources: [{ type: 'directory', groups: ['없는팀'] }] });
    await expect(t.run()).rejects.toThrow('directory: no group named 없는팀');
    expect(kakao.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('refuses a file whose fixed schema does not fit the fields', async () => {
    await kakao.close();
    kakao = await startKakaoEmulator({
      apiKey: KEY,
      channelProfileId: '_ch',
      files: [{ fileName: FILE, schema: { 이름: 'string', 회사명: 'string' } }],
    });
    await expect(app().run()).rejects.toThrow(/cannot change.*목동발송클래스 \(number\)/);
    expect(writes()).toEqual([]);
  });
});
