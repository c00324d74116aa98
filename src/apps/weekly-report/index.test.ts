import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RawClientDeps } from '../../connectors/naverworks/clients/deps.ts';
import { directoryClient } from '../../connectors/naverworks/clients/directory.ts';
import { driveClient } from '../../connectors/naverworks/clients/drive.ts';
import {
  failure,
  type WorksClientHarness,
  worksClientHarness,
} from '../../connectors/naverworks/clients/test-harness.ts';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp, type TestAppOptions } from '../../sdk/testing/index.ts';
import { loadSheet, reportWorkbook } from './fixture.ts';
import weeklyReport from './index.ts';

const DIR = '업무보고/주간보고';
const name = (y: number, m: number, w: number) => `${y}년 ${m}월 ${w}주차 주간업무보고.xlsx`;
const SCOPES = ['file', 'group.folder', 'directory.read'];
/** 09:00 in Seoul on a date. */
const at9 = (date: string) => `${date}T00:00:00Z`;

let harness: WorksClientHarness;
let tmp: string;

async function setup(files: Array<{ path: string; data?: Uint8Array }>): Promise<void> {
  harness = await worksClientHarness({
    users: [{ userId: 'kim', email: 'kim@example.com' }],
    groups: [{ groupId: 'g-ops', groupName: '운영팀', members: ['kim'] }],
    groupFolders: [{ groupId: 'g-ops', members: ['kim'], files }],
    userDrives: [{ userId: 'kim', files: [] }],
  });
}

beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'weekly-report-'));
});
afterEach(async () => {
  await harness?.close();
  await rm(tmp, { recursive: true, force: true });
});

const works = (deps: RawClientDeps) => ({ drive: driveClient(deps), directory: directoryClient(deps) });

async function app(date: string, options: Record<string, unknown> = {}, extra: Partial<TestAppOptions> = {}) {
  const deps = await harness.userDeps({ scopes: SCOPES });
  return createTestApp(weeklyReport, {
    now: at9(date),
    options: { location: { group: '운영팀' }, dir: DIR, target: 'desk', dryRunDir: tmp, ...options },
    connectors: { works: works(deps) },
    ...extra,
  });
}

const files = () => [...harness.emu.state.driveFiles.values()];
const stored = (fileName: string) => files().find((f) => f.fileName === fileName);
const uploads = () => harness.emu.state.driveUploads.size;
const pathOf = (fileName: string) => {
  const names: string[] = [];
  for (
    let f = stored(fileName);
    f;
    f = f.parentId ? harness.emu.state.driveFiles.get(f.parentId) : undefined
  ) {
    names.unshift(f.fileName);
  }
  return names.join('/');
};

describe('weekly-report against the NAVER WORKS emulator', () => {
  it('rolls last week forward, uploads it through the multipart endpoint, and is idempotent', async () => {
    await setup([{ path: `${DIR}/2026/${name(2026, 3, 1)}`, data: await reportWorkbook() }]);
    const t = await app('2026-03-12');
    await t.run();

    expect(pathOf(name(2026, 3, 2))).toBe(`${DIR}/2026/${name(2026, 3, 2)}`);
    const ws = await loadSheet(new Uint8Array(stored(name(2026, 3, 2))!.bytes!));
    expect(ws.getCell('A1').value).toBe('주간 업무 보고(2026년 3월 2주)');
    expect(ws.getCell('B2').value).toEqual(new Date('2026-03-16T00:00:00Z'));
    expect(ws.getCell('B4').value).toBe('FEP 서버 패치 적용');
    expect(ws.getCell('C4').value).toBeNull();
    expect(ws.getCell('A9').value).toBeNull();
    expect(ws.getColumn('C').width).toBe(52);

    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]?.target).toBe('desk');
    const message = t.sent[0]?.message as PortableMessage;
    expect(message).toMatchObject({ title: '주간업무보고 생성', severity: 'success' });
    expect(message.text).toContain(name(2026, 3, 2));
    expect(message.fields).toContainEqual({
      name: '위치',
      value: `group 운영팀 /${DIR}/2026/${name(2026, 3, 2)}`,
    });
    expect(uploads()).toBe(1);

    // Again the same day (a retry, or the Thursday after a Wednesday run): nothing new.
    await t.run();
    expect(uploads()).toBe(1);
    expect(t.sent).toHaveLength(1);
  });

  it("creates the new year's folder and takes last week's file from the previous year's", async () => {
    await setup([{ path: `${DIR}/2026/${name(2026, 12, 5)}`, data: await reportWorkbook() }]);
    const t = await app('2027-01-07', { location: { group: 'g-ops' } });
    await t.run();
    const folder = files().find((f) => f.fileName === '2027');
    expect(folder?.fileType).toBe('FOLDER');
    expect(pathOf(name(2027, 1, 2))).toBe(`${DIR}/2027/${name(2027, 1, 2)}`);
    const ws = await loadSheet(new Uint8Array(stored(name(2027, 1, 2))!.bytes!));
    expect(ws.getCell('A1').value).toBe('주간 업무 보고(2027년 1월 2주)');
    expect(ws.getCell('B2').value).toEqual(new Date('2027-01-11T00:00:00Z'));
  });

  it("sends one clear alert and fails when last week's report is missing, uploading nothing", async () => {
    await setup([{ path: `${DIR}/2026/${name(2026, 2, 4)}`, data: await reportWorkbook() }]);
    const t = await app('2026-03-12');
    const err = await failure(t.run());
    expect(err.message).toBe(
      `last week's report "${name(2026, 3, 1)}" not found in group 운영팀 /${DIR}/2026`,
    );
    expect(t.sent).toHaveLength(1);
    const message = t.sent[0]?.message as PortableMessage;
    expect(message).toMatchObject({ title: '주간업무보고 생성 실패', severity: 'error' });
    expect(message.text).toContain(name(2026, 3, 1));
    expect(message.text).toContain(`/${DIR}/2026`);
    expect(uploads()).toBe(0);
  });

  it('dry run: writes the workbook locally, on any day, and uploads and notifies nothing', async () => {
    await setup([]);
    const deps = await harness.userDeps({ scopes: SCOPES });
    await driveClient(deps).upload({
      userId: 'me',
      fileName: '2026-W10 주간보고.xlsx',
      bytes: await reportWorkbook(),
    });
    const before = uploads();
    const t = createTestApp(weeklyReport, {
      now: at9('2026-03-10'), // a Tuesday: not due, but a dry run previews anyway
      dryRun: true,
      options: {
        location: { drive: 'me' },
        yearFolder: '',
        fileName: '{isoYear}-W{isoWeek2} 주간보고.xlsx',
        target: 'desk',
        dryRunDir: tmp,
      },
      connectors: { works: works(deps) },
    });
    await t.run();
    const ws = await loadSheet(await readFile(path.join(tmp, '2026-W11 주간보고.xlsx')));
    expect(ws.getCell('A1').value).toBe('주간 업무 보고(2026년 3월 2주)');
    expect(ws.getCell('B5').value).toBe('백업 정책 개편 검토');
    expect(uploads()).toBe(before);
    expect(files().some((f) => f.fileName === '2026-W11 주간보고.xlsx')).toBe(false);
    expect(t.sent).toEqual([]);
  });

  it('fails with the drive client’s explanation on a service-account connection', async () => {
    await setup([{ path: `${DIR}/2026/${name(2026, 3, 1)}`, data: await reportWorkbook() }]);
    const deps = harness.deps({ scopes: [...SCOPES, 'bot'], auth: 'service-account' });
    const t = createTestApp(weeklyReport, {
      now: at9('2026-03-12'),
      options: { location: { group: '운영팀' }, dir: DIR },
      connectors: { works: works(deps) },
    });
    const err = await failure(t.run());
    expect(err.message).toContain('service-account tokens cannot use drive or group folders');
    expect(err.message).toContain('opsbot auth login works');
    expect(uploads()).toBe(0);
  });
});

describe('weekly-report days and holidays', () => {
  const seed = async () => setup([{ path: `${DIR}/2026/${name(2026, 3, 1)}`, data: await reportWorkbook() }]);

  it('acts on Thursday only by default', async () => {
    await seed();
    const wed = await app('2026-03-11');
    await wed.run();
    expect(uploads()).toBe(0);
    await (await app('2026-03-12')).run();
    expect(uploads()).toBe(1);
  });

  it('anyDay: acts on the day it runs, still naming the week by its Thursday', async () => {
    await seed();
    await (await app('2026-03-09', { anyDay: true })).run();
    expect(stored(name(2026, 3, 2))).toBeDefined();
  });

  it('previous-trading-day: a closed Thursday moves the report to Wednesday', async () => {
    await seed();
    const holiday = { holiday: { exchange: 'XKRX', onClosed: 'previous-trading-day' } };
    const closed = { closed: { XKRX: ['2026-03-12'] } };
    await (await app('2026-03-10', holiday, closed)).run();
    expect(uploads()).toBe(0);
    const wed = await app('2026-03-11', holiday, closed);
    await wed.run();
    expect(uploads()).toBe(1);
    const ws = await loadSheet(new Uint8Array(stored(name(2026, 3, 2))!.bytes!));
    expect(ws.getCell('A1').value).toBe('주간 업무 보고(2026년 3월 2주)');
    expect(ws.getCell('B2').value).toEqual(new Date('2026-03-16T00:00:00Z'));
    // Thursday's scheduled run (the daemon's calendar may still fire it) finds the file there.
    await (await app('2026-03-12', holiday, closed)).run();
    expect(uploads()).toBe(1);
  });

  it('previous-trading-day: walks back over several closed days', async () => {
    await seed();
    const holiday = { holiday: { onClosed: 'previous-trading-day' } };
    const closed = { closed: { XKRX: ['2026-03-11', '2026-03-12'] } };
    await (await app('2026-03-09', holiday, closed)).run();
    expect(uploads()).toBe(0);
    await (await app('2026-03-10', holiday, closed)).run();
    expect(uploads()).toBe(1);
  });

  it('skip: a closed Thursday means no report that week', async () => {
    await seed();
    const holiday = { holiday: { exchange: 'XKRX', onClosed: 'skip' } };
    const closed = { closed: { XKRX: ['2026-03-12'] } };
    for (const day of ['2026-03-09', '2026-03-11', '2026-03-12'])
      await (await app(day, holiday, closed)).run();
    expect(uploads()).toBe(0);
    // An open Thursday with the same settings acts.
    await (await app('2026-03-12', holiday)).run();
    expect(uploads()).toBe(1);
  });
});
