import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { PortableMessage } from 'opsbot';
import { afterEach, describe, expect, it } from 'vitest';
import { countRows, NAS_802, reportApp, world } from './test-helpers.ts';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function started(...args: Parameters<typeof reportApp>) {
  const made = await reportApp(...args);
  stops.push(() => made.test.stop());
  return made;
}

const readJson = async (file: string) =>
  JSON.parse(await readFile(file, 'utf8')) as Array<Record<string, unknown>>;

async function workbook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

/** A sheet's rows below the header, as arrays of cell values. */
function rowsOf(book: ExcelJS.Workbook, sheet: string): unknown[][] {
  const ws = book.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    // Empty cells read back as holes; null says "empty" in the expectations.
    if (n > 1) rows.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? null));
  });
  return rows;
}

describe('cloud-report run', () => {
  it('collects every kind, region and platform of both customers into files, rows and a workbook', async () => {
    const fakes = world();
    const { test, dataDir } = await started(fakes);
    await test.run();

    // acme: VPC, 13 kinds (cloud-mongodb excluded) × 3 regions; beta: Classic kinds × 1 region.
    const acmeLists = fakes.acme.calls.filter((c) => c.method === 'list');
    expect(acmeLists).toHaveLength(13 * 3);
    expect(acmeLists.some((c) => c.path?.includes('MongoDb'))).toBe(false);
    expect(acmeLists.every((c) => c.customer === undefined && typeof c.params?.regionCode === 'string')).toBe(
      true,
    );
    const betaLists = fakes.vault.calls.filter((c) => c.method === 'list');
    expect(betaLists).toHaveLength(10);
    expect(betaLists.every((c) => c.customer === 'beta' && c.params?.regionNo === '1')).toBe(true);
    expect(
      betaLists
        .filter((c) => c.path === '/clouddb/v2/getCloudDBInstanceList')
        .map((c) => c.params?.dbKindCode),
    ).toEqual(['MYSQL', 'MSSQL', 'REDIS']);
    // One metrics() call per customer and platform, 16 series per server; one rating call per NAS volume.
    expect(fakes.acme.calls.filter((c) => c.method === 'metrics').map((c) => c.queries)).toEqual([4 * 16]);
    expect(fakes.vault.calls.filter((c) => c.method === 'metrics')).toEqual([
      { method: 'metrics', customer: 'beta', queries: 16 },
    ]);
    expect(
      fakes.acme.calls.filter((c) => c.method === 'call').map((c) => c.params?.nasVolumeInstanceNo),
    ).toEqual(['601']);

    const acmeDir = path.join(dataDir, '2026-11', 'acme');
    const servers = await readJson(path.join(acmeDir, 'server.json'));
    expect(servers.map((s) => [s.customer, s.platform, s.region, s.id])).toEqual(
      expect.arrayContaining([
        ['acme', 'vpc', 'KR', '101'],
        ['acme', 'vpc', 'KR', '102'],
        ['acme', 'vpc', 'SGN', '201'],
        ['acme', 'vpc', 'JPN', '301'],
      ]),
    );
    expect(servers).toHaveLength(4);
    const web1 = servers.find((s) => s.id === '101');
    expect(web1?.columns).toMatchObject({ cpu_count: 2, memory_gb: 4, vpc_name: 'prod-vpc' });
    expect(web1?.item).toMatchObject({ serverName: 'web-1' });
    expect((await readJson(path.join(acmeDir, 'block-storage.json')))[0]?.columns).toMatchObject({
      size_gb: 100,
      server_name: 'web-1',
    });
    expect(await readJson(path.join(acmeDir, 'metrics.json'))).toHaveLength(64);
    expect((await readJson(path.join(acmeDir, 'metrics.json')))[0]).toMatchObject({
      avg: 20,
      max: 30,
      points: 2,
    });
    expect(await readJson(path.join(acmeDir, 'nas-usage.json'))).toHaveLength(1);
    const files = await readdir(acmeDir);
    expect(files).not.toContain('cloud-mongodb.json');
    expect(files).toContain('acme-2026-11.xlsx');
    expect(await readJson(path.join(dataDir, '2026-11', 'beta', 'cloud-mysql.json'))).toHaveLength(1);

    expect(await countRows(test, 'server', '2026-11')).toEqual({ acme: 4, beta: 1 });
    expect(await countRows(test, 'cloud_mysql', '2026-11')).toEqual({ acme: 1, beta: 1 });
    expect(await countRows(test, 'vpc', '2026-11')).toEqual({ acme: 1 });
    expect(await countRows(test, 'server_metric', '2026-11')).toEqual({ acme: 64, beta: 16 });
    expect(await countRows(test, 'nas_usage', '2026-11')).toEqual({ acme: 1 });

    const book = await workbook(path.join(acmeDir, 'acme-2026-11.xlsx'));
    expect(book.worksheets.map((w) => w.name)).not.toContain('cloud-mongodb');
    expect(
      rowsOf(book, 'server')
        .map((r) => r[2])
        .sort(),
    ).toEqual(['101', '102', '201', '301']);
    // platform, region, id, name, status (none sent), engine version (none sent), nodes
    expect(rowsOf(book, 'cloud-mysql')).toEqual([['vpc', 'SGN', '701', 'orders', null, null, 2]]);
    expect(rowsOf(book, 'metrics')).toHaveLength(64);
    expect(rowsOf(book, 'changes')).toEqual([['first report']]);
  });

  it('posts an API error with the NCP message to the target and goes on, then one summary', async () => {
    const fakes = world();
    const { test, dataDir } = await started(fakes);
    await test.run();

    expect(test.sent.map((s) => s.target)).toEqual(['teams-ops', 'teams-ops']);
    const error = test.sent[0]?.message as PortableMessage;
    expect(error.text).toBe(NAS_802);
    expect(error.severity).toBe('error');
    expect(Object.fromEntries((error.fields ?? []).map((f) => [f.name, f.value]))).toEqual({
      customer: 'beta',
      platform: 'classic',
      kind: 'nas',
      region: 'KR',
      'API path': '/server/v2/getNasVolumeInstanceList',
      'NCP code': '802',
      period: '2026-11',
    });
    const summary = test.sent[1]?.message as PortableMessage;
    expect(summary.severity).toBe('warning');
    expect(Object.fromEntries((summary.fields ?? []).map((f) => [f.name, f.value]))).toMatchObject({
      customers: '2',
      resources: '10',
      errors: '1',
      'customers with errors': 'beta',
    });
    // beta's other kinds were still written; its workbook lists the failed call.
    const betaBook = await workbook(path.join(dataDir, '2026-11', 'beta', 'beta-2026-11.xlsx'));
    expect(rowsOf(betaBook, 'errors')).toEqual([
      ['nas', 'classic', 'KR', '/server/v2/getNasVolumeInstanceList', '802', NAS_802],
    ]);
  });

  it('lists what was added and removed since the previous period on the changes sheet', async () => {
    const fakes = world();
    const { test, dataDir } = await started(fakes);
    await test.run();
    const acme = fakes.acme.accounts['ncp-acme'];
    const kr = acme?.items?.['/vserver/v2/getServerInstanceList'];
    if (!kr) throw new Error('no servers');
    kr.KR = [kr.KR?.[0] ?? {}, { serverInstanceNo: '103', serverName: 'web-3' }];
    await test.clock.advanceTo('2026-12-31T15:30:00Z');
    await test.run();

    const book = await workbook(path.join(dataDir, '2026-12', 'acme', 'acme-2026-12.xlsx'));
    expect(rowsOf(book, 'changes')).toEqual([
      ['server', 'added', 'vpc', 'KR', '103', 'web-3'],
      ['server', 'removed', 'vpc', 'KR', '102', 'web-2'],
    ]);
    expect(book.getWorksheet('changes')?.getCell('H1').value).toBe('since 2026-11');
    // beta's NAS failed: its volumes are not called removed.
    const betaBook = await workbook(path.join(dataDir, '2026-12', 'beta', 'beta-2026-12.xlsx'));
    expect(rowsOf(betaBook, 'changes')).toEqual([['nas', 'not compared (a call failed)']]);
  });

  it('replaces the period on a re-run: same row counts and files', async () => {
    const fakes = world();
    const { test, dataDir } = await started(fakes);
    await test.run();
    const tables = [
      'server',
      'cloud_mysql',
      'vpc',
      'block_storage',
      'server_metric',
      'nas_usage',
      'report_run',
    ];
    const before = await Promise.all(tables.map((t) => countRows(test, t, '2026-11')));
    const filesBefore = await readdir(path.join(dataDir, '2026-11', 'acme'));
    await test.run();
    expect(await Promise.all(tables.map((t) => countRows(test, t, '2026-11')))).toEqual(before);
    expect(await readdir(path.join(dataDir, '2026-11', 'acme'))).toEqual(filesBefore);
    expect(await readdir(path.join(dataDir, '2026-11'))).toEqual(['acme', 'beta']);
    expect(await readJson(path.join(dataDir, '2026-11', 'acme', 'server.json'))).toHaveLength(4);
  });

  it('keeps the same rows on Postgres, re-run included', async () => {
    const { test } = await started(world(), {}, { db: 'postgres' });
    await test.run();
    await test.run();
    expect(await countRows(test, 'server', '2026-11')).toEqual({ acme: 4, beta: 1 });
    expect(await countRows(test, 'report_run', '2026-11')).toEqual({ acme: 1, beta: 1 });
  });
});
