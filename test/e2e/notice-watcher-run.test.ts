import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoticeSite, startNoticeSite } from '../../src/sandbox/notices/site.ts';
import { Project } from '../helpers/cli.ts';
import { CliSession } from '../helpers/cli-session.ts';
import { startDaemon, stopDaemon } from '../helpers/daemon-session.ts';

/**
 * The issue: `opsbot run notice-watcher` said "run ok" while the page answered 503, and again for
 * a manual run during the backoff that followed. Both now fail the run (exit 1) and say why.
 */
describe('opsbot run notice-watcher with a failing page', () => {
  const project = new Project('opsbot-notice-run-');
  const cli = new CliSession(project.dir);
  let site: NoticeSite;

  beforeAll(async () => {
    site = await startNoticeSite({ items: [{ id: 'n-1', title: 'First notice' }] });
    await startDaemon(project, cli, [
      'apps:',
      '  notices:',
      '    use: builtin:notice-watcher',
      '    schedule: false                # only the runs below poll',
      '    with:',
      '      watches:',
      `        - { name: desk-page, target: sandbox/channel/ops, source: { type: rss, url: "${site.url}/feed.rss" }, minIntervalSeconds: 0 }`,
    ]);
  });
  afterAll(() => stopDaemon(project, cli, site));

  it('ok while the page answers, exit 1 on a 503 and during the backoff after it', async () => {
    expect((await cli.run('run', 'notices')).code).toBe(0);

    site.fail(503, 1);
    const failed = await cli.run('run', 'notices');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'cannot read desk-page: HTTP 503 Service Unavailable (1 failed polls in a row)',
    );

    // The page is fine again, but the watch waits out its backoff: this run read nothing.
    const backingOff = await cli.run('run', 'notices');
    expect(backingOff.code).toBe(1);
    expect(backingOff.stderr).toMatch(/cannot read desk-page: HTTP 503 .*\(backing off until /);
  });
});
