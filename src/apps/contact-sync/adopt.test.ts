import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KakaoEmulator, startKakaoEmulator } from '../../sandbox/kakao/customer-files.ts';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import contactSync from './index.ts';

/**
 * The issue: migrating from the old updater, people who were in the Kakao file before the first
 * sync were never deleted (Kakao cannot list a file's users; the app only deletes whom it synced).
 * `adopt` (`opsbot run contact-sync --set adopt=<old kakao_contact_list.json>`) makes them known.
 */

const KEY = 'kakao-key';
const FILE = '고객사 연락처';
const KEPT = { 이름: '김고객', 회사명: 'A사' };
const FORMER = { 이름: '전고객', 회사명: 'B사' };
let kakao: KakaoEmulator;
let dir: string;
let csv: string;
let old: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'contact-sync-adopt-'));
  csv = path.join(dir, 'people.csv');
  await writeFile(csv, 'name,phone,company\n김고객,010-1111-2222,A사\n');
  // The old updater's snapshot: a list of Kakao target-user records.
  old = path.join(dir, 'kakao_contact_list.json');
  await writeFile(
    old,
    JSON.stringify([
      { id: '01011112222', field: KEPT },
      { id: '01099998888', field: FORMER },
      { id: 'not-a-phone', field: {} },
    ]),
  );
  // The file as the old updater left it.
  kakao = await startKakaoEmulator({
    apiKey: KEY,
    channelProfileId: '_ch',
    files: [
      {
        fileName: FILE,
        schema: { 이름: 'string', 회사명: 'string' },
        users: { '01011112222': KEPT, '01099998888': FORMER },
      },
    ],
  });
});
afterEach(async () => {
  await kakao.close();
  await rm(dir, { recursive: true, force: true });
});

function app(state: Map<string, unknown>, over: Record<string, unknown> = {}) {
  return createTestApp(contactSync, {
    state,
    options: {
      kakao: { apiKey: KEY, channelPublicId: '_ch', fileName: FILE, baseUrl: kakao.url },
      sources: [{ type: 'csv', path: csv }],
      fields: { 이름: '{name}', 회사명: '{company}' },
      target: 'desk',
      ...over,
    },
  });
}

const users = () => Object.keys(kakao.file(FILE)?.users ?? {});
const deletes = () => kakao.calls.filter((c) => c.path.endsWith('/delete/target_users'));

describe('contact-sync adopt', () => {
  it('without it, a person from before the first sync stays in the file for good', async () => {
    const state = new Map<string, unknown>();
    await app(state).run();
    await app(state).run();
    expect(users()).toEqual(['01011112222', '01099998888']);
    expect(deletes()).toEqual([]);
  });

  it('with it, that person is deleted and the rest is kept, unchanged', async () => {
    const state = new Map<string, unknown>();
    const t = app(state, { adopt: old });
    await t.run();
    expect(users()).toEqual(['01011112222']);
    expect(deletes()).toHaveLength(1);
    expect(deletes()[0]?.body).toMatchObject({ user_ids: [{ id: '01099998888' }] });
    const text = (t.sent.at(-1)?.message as PortableMessage | undefined)?.text;
    expect(text).toMatch(/^고객 파일 "고객사 연락처": 추가 0, 변경 0, 삭제 1, 잘못된 번호 0 \(변경 없음 1\)/);
    expect(text).toContain('삭제: 전고객');
  });

  it('after a first sync too, and only once per file (adopt may stay in with:)', async () => {
    const state = new Map<string, unknown>();
    await app(state).run();
    await app(state, { adopt: old }).run();
    expect(users()).toEqual(['01011112222']);
    // The former person comes back by hand; the same adopt file does not delete them again.
    await kakao.close();
    kakao = await startKakaoEmulator({
      apiKey: KEY,
      channelProfileId: '_ch',
      files: [
        { fileName: FILE, schema: { 이름: 'string', 회사명: 'string' }, users: { '01099998888': FORMER } },
      ],
    });
    const again = app(state, { adopt: old });
    await again.run();
    expect(deletes()).toEqual([]);
  });

  it('a missing or unreadable file fails the run before anything is written', async () => {
    await expect(app(new Map(), { adopt: path.join(dir, 'nope.json') }).run()).rejects.toThrow(
      `adopt: cannot read ${path.join(dir, 'nope.json')}: ENOENT`,
    );
    await writeFile(old, 'not json');
    await expect(app(new Map(), { adopt: old }).run()).rejects.toThrow(/^adopt: .* is not JSON/);
    expect(kakao.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});
