import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdleRssResult } from '../bench/idle-rss.ts';
import { lastTestRun } from '../bench/lighter.ts';
import { failedRow, lighterRows } from '../bench/lighter-report.ts';
import { processTree, treeMemory } from '../bench/memory.ts';
import type { Pm2Result } from '../bench/pm2.ts';
import { median } from '../bench/timing.ts';

const tree = (rssMiB: number, pssMiB: number) => ({ processes: 11, rssMiB, pssMiB });

const opsbot: IdleRssResult = {
  isolation: 'process',
  apps: 10,
  idleSeconds: 10,
  daemonMiB: 100,
  tree: tree(600, 300),
  startReturnMs: 2500,
  allRunningMs: 4000,
  statusMs: [300, 100, 200, 400],
};

const pm2: Pm2Result = {
  version: '7.0.4',
  scripts: 10,
  idleSeconds: 10,
  startReturnMs: 2000,
  allOnlineMs: 2500,
  tree: tree(800, 200),
  jlistMs: [250, 250, 250],
};

describe('the "Lighter and faster" rows', () => {
  it('put each figure beside its reference with the ratio and whether the target is met', () => {
    const rows = lighterRows({
      rss: { ok: true, value: opsbot },
      rssThread: { ok: false, error: "not available: this build's config rejects `isolation: thread`" },
      pm2: { ok: true, value: pm2 },
    });
    expect(rows.map((r) => [r.measured, r.reference, r.ratio, r.target, r.met])).toEqual([
      [
        '600.0 MiB (PSS 300.0 MiB), 11 processes',
        'PM2 7.0.4: 800.0 MiB (PSS 200.0 MiB)',
        '0.75× (PSS 1.50×)',
        '≤ 1.00×',
        true,
      ],
      [
        "not available: this build's config rejects `isolation: thread`",
        'PM2 7.0.4: 800.0 MiB (PSS 200.0 MiB)',
        '',
        '≤ 0.35×',
        undefined,
      ],
      ['250 ms (median of 4)', '250 ms (median of 3)', '1.00×', '≤ 1.00×', true],
      ['2.50 s', '2.00 s', '1.25×', '< 3 s', true],
      ['4.00 s', '2.50 s', '1.60×', '', undefined],
    ]);
    // "Not available" is a figure of this build, not a failed benchmark.
    expect(rows.some(failedRow)).toBe(false);
  });

  it('report a failed measurement as failed, and the webhook closed loop against the bare server', () => {
    const closed = {
      connections: 32,
      seconds: 5,
      ok: 1,
      errors: 0,
      latency: { count: 1, p50: 1, p99: 1, max: 1 },
    };
    const cpu = { stealPct: 0, serverPct: 0, senderPct: 0, othersPct: 0, senderLagP99: 0 };
    const open = {
      ...cpu,
      targetRate: 1000,
      seconds: 10,
      sent: 10_000,
      ok: 10_000,
      errors: 0,
      achievedRate: 1000,
      latency: { count: 10_000, p50: 1, p99: 8, max: 12 },
    };
    const rows = lighterRows({
      rssThread: { ok: false, error: 'opsbot start failed (1): boom' },
      hooks: {
        ok: true,
        value: {
          store: 'sqlite',
          floor: { ...open, latency: { ...open.latency, p99: 2 } },
          floorClosed: { ...closed, ...cpu, rate: 4000 },
          open: { ...open, inboxRows: 10_000 },
          closed: { ...closed, ...cpu, rate: 1800, inboxRows: 9000 },
          duplicatesDeduped: true,
        },
      },
    });
    expect(rows.map((r) => [r.measured, r.reference, r.ratio, r.met])).toEqual([
      ['failed: opsbot start failed (1): boom', 'not run', '', undefined],
      ['1,800 req/s', '4,000 req/s', '0.45×', false],
      ['8.00 ms (1,000 req/s, 0 errors)', '2.00 ms', '4.00×', true],
    ]);
    expect(rows.filter(failedRow)).toHaveLength(1);
  });
});

describe('the last test run', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is read from the file scripts/run-tests writes, and is absent without one', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opsbot-bench-tests-'));
    const file = path.join(dir, 'last-test-run.json');
    expect(lastTestRun(file)).toBeUndefined();
    const run = {
      started: '2026-12-05T10:00:00Z',
      ended: '2026-12-05T10:03:20Z',
      seconds: 200,
      passed: true,
      commit: 'abc1234',
    };
    writeFileSync(file, JSON.stringify(run));
    expect(lastTestRun(file)).toEqual(run);
    const rows = lighterRows({ tests: { ok: true, value: run } });
    expect(rows.map((r) => [r.measured, r.met])).toEqual([
      ['3 min 20 s, passed (2026-12-05 10:03 UTC, commit abc1234)', true],
    ]);
  });
});

describe('process tree memory', () => {
  it('counts a process and the children it started', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(processTree(process.pid)).toContain(child.pid);
      expect(processTree(child.pid ?? 0)).toEqual([child.pid]);
      const memory = treeMemory(child.pid ?? 0);
      expect(memory.processes).toBe(1);
      // PSS splits shared pages, so it never exceeds RSS; a live Node process has both.
      expect(memory.pssMiB).toBeGreaterThan(0);
      expect(memory.pssMiB).toBeLessThanOrEqual(memory.rssMiB);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([300, 100, 200, 400])).toBe(250);
    expect(median([3, 1, 2])).toBe(2);
  });
});
