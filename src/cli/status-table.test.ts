import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../contracts/daemon-api/index.ts';
import { statusTable } from './status-table.ts';

const base: AppStatus = {
  app: 'a',
  state: 'running',
  pid: 42,
  uptimeMs: 5000,
  restarts: 0,
  lastRun: null,
  nextRun: null,
  error: null,
  restartReason: null,
};

describe('status table', () => {
  it('labels times with the config timezone', () => {
    const now = Date.parse('2026-12-05T00:00:00Z');
    const out = statusTable({ timezone: 'Asia/Seoul', apps: [{ ...base, nextRun: now + 3_600_000 }] }, now);
    expect(out).toContain('2026-12-05 10:00:00 Asia/Seoul (in 1h00m)');
  });

  it('says why a running app was restarted, and shows a stopped app without a next run', () => {
    const out = statusTable(
      {
        timezone: 'UTC',
        apps: [
          { ...base, restarts: 1, restartReason: 'run 3 timed out after 2s (killed by SIGKILL)' },
          { ...base, app: 'b', state: 'stopped', pid: null, uptimeMs: null },
        ],
      },
      0,
    );
    expect(out).toContain('running (restarted: run 3 timed out after 2s (killed by SIGKILL))');
    expect(out.split('\n').find((l) => l.includes(' b '))).toMatch(/stopped.*-\s*│\s*-\s*│\s*$/);
  });
});
