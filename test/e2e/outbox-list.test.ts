import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDaemonConfig } from '../../src/daemon/config.ts';
import { storeFor } from '../../src/daemon/store-for.ts';
import { outboxItem } from '../../src/platform/store/testing/outbox-cases.ts';
import { Project, until } from '../helpers/cli.ts';

const HOUR = 3_600_000;
const ids = (stdout: string) =>
  (JSON.parse(stdout) as { items: Array<{ id: string }> }).items.map((i) => i.id);

describe('opsbot outbox list: newest first, --limit, --since', () => {
  const project = new Project('opsbot-outbox-list-');
  const now = Date.now();
  const items = [
    outboxItem({ id: 'aaaaaaaa-old', createdAt: now - 3 * HOUR }),
    outboxItem({ id: 'bbbbbbbb-mid', createdAt: now - HOUR }),
    outboxItem({ id: 'cccccccc-new', createdAt: now - 60_000 }),
  ];

  beforeAll(async () => {
    project.write('opsbot.yaml', 'dataDir: ./data\nhttp: { port: 0 }\n');
    // The list reads the store directly (no daemon needed), so the items are written the same way.
    const store = await storeFor(await loadDaemonConfig(project.path('opsbot.yaml')));
    await store.outbox.enqueue(items);
    await store.close();
  });
  afterAll(() => project.cleanup());

  it('shows the newest item first and narrows by --since and --limit', async () => {
    const all = await project.run('outbox', 'list', '--json');
    expect(all.code).toBe(0);
    expect(ids(all.stdout)).toEqual(['cccccccc-new', 'bbbbbbbb-mid', 'aaaaaaaa-old']);
    expect(ids((await project.run('outbox', 'list', '--json', '--since', '2h')).stdout)).toEqual([
      'cccccccc-new',
      'bbbbbbbb-mid',
    ]);
    expect(ids((await project.run('outbox', 'list', '--json', '--limit', '1')).stdout)).toEqual([
      'cccccccc-new',
    ]);
    const table = (await project.run('outbox', 'list')).stdout.split('\n');
    const rows = table.filter((l) => /[abc]{8}/.test(l)).map((l) => /([abc])\1{7}/.exec(l)?.[0]);
    expect(rows).toEqual(['cccccccc', 'bbbbbbbb', 'aaaaaaaa']);

    const badSince = await project.run('outbox', 'list', '--since', 'yesterday');
    expect(badSince.code).toBe(2);
    expect(badSince.stderr).toContain(
      '--since: expected a duration such as 2h or 7d, or a date, not "yesterday"',
    );
    const badLimit = await project.run('outbox', 'list', '--limit', '0');
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--limit: expected a positive whole number, not "0"');
  });
});

describe('the daemon cleans up old rows', () => {
  const project = new Project('opsbot-retention-');
  afterAll(() => project.cleanup());

  it('purges delivered items and runs past their retention at start, keeping recent ones', async () => {
    const DAY = 24 * HOUR;
    const now = Date.now();
    project.write('opsbot.yaml', 'dataDir: ./data\nhttp: { port: 0 }\noutbox: { retention: 7d }\n');
    const store = await storeFor(await loadDaemonConfig(project.path('opsbot.yaml')));
    const stale = outboxItem({ id: 'stale-delivered', createdAt: now - 10 * DAY });
    const fresh = outboxItem({ id: 'fresh-delivered', createdAt: now - 2 * DAY });
    await store.outbox.enqueue([stale, fresh]);
    await store.outbox.markDelivered(stale.id, now - 10 * DAY);
    await store.outbox.markDelivered(fresh.id, now - 2 * DAY);
    const oldRun = await store.runs.start({ app: 'gone', trigger: 'manual', startedAt: now - 40 * DAY });
    await store.runs.finish(oldRun, { endedAt: now - 40 * DAY, outcome: 'ok' });
    const lastRun = await store.runs.start({ app: 'gone', trigger: 'manual', startedAt: now - 35 * DAY });
    await store.runs.finish(lastRun, { endedAt: now - 35 * DAY, outcome: 'ok' });
    await store.close();

    expect((await project.run('start', '--wait')).code).toBe(0);
    // The sweep runs as the daemon starts, beside everything else; it is done within moments.
    const listed = await until('the stale item purged', async () => {
      const left = ids((await project.run('outbox', 'list', '--json')).stdout);
      return left.length === 1 && left;
    });
    expect(listed).toEqual(['fresh-delivered']);
    await project.run('stop');
    const after = await storeFor(await loadDaemonConfig(project.path('opsbot.yaml')));
    // runs.retention defaults to 30 days; the app's latest run stays (status shows it).
    expect((await after.runs.list('gone')).map((r) => r.id)).toEqual([lastRun]);
    await after.close();
  });
});
