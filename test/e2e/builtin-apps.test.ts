import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gigabitPorts, type SnmpAgents, startSnmpAgents } from '../../src/sandbox/network/index.ts';
import { type NoticeSite, startNoticeSite } from '../../src/sandbox/notices/site.ts';
import { Project, until } from '../helpers/cli.ts';

/**
 * Every built-in app loads and runs in a real app process (plain Node, no test transform), against
 * the emulators: the apps a team would turn on first, all in one daemon.
 */

interface OutboxJson {
  items: Array<{ app: string | null; payload: { title?: string; text?: string } }>;
}

describe('built-in apps in a real daemon', () => {
  const project = new Project('opsbot-builtins-');
  let agents: SnmpAgents;
  let site: NoticeSite;

  beforeAll(async () => {
    agents = await startSnmpAgents({ devices: [{ name: 'sw1', ports: gigabitPorts(4) }] });
    site = await startNoticeSite({ items: [{ id: '1', title: 'first notice', date: '2026-11-20' }] });
    const sw = agents.device('sw1');
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        'http: { port: 0 }',
        'targets: { ops: sandbox/channel/ops, admin: sandbox/channel/admin }',
        'apps:',
        '  market-alert: { use: builtin:market-alert, with: { target: ops, ndjson: { port: 0 } } }',
        '  network:',
        '    use: builtin:network-checker',
        '    schedule: false',
        `    with: { target: ops, devices: [{ name: sw1, host: 127.0.0.1, port: ${sw.port}, method: snmp, snmp: { version: "2c", community: public } }] }`,
        '  notices:',
        '    use: builtin:notice-watcher',
        '    schedule: false',
        `    with: { watches: [{ name: site, target: ops, minIntervalSeconds: 0, source: { type: rss, url: "${site.url}/feed.rss" } }] }`,
        '  holiday-alerter: { use: builtin:holiday-alerter, with: { target: ops, exchanges: [XKRX, XNYS] } }',
        '  holiday-checker: { use: builtin:holiday-checker, schedule: false, with: { exchanges: [XKRX], target: ops } }',
        '  token-refresher: { use: builtin:token-refresher, schedule: false }',
        // Loaded and started only (their runs are tested against the emulators in their own folders).
        '  weekly-report: { use: builtin:weekly-report, schedule: false, with: { location: { group: ops }, dir: reports, target: ops } }',
        '  contact-sync:',
        '    use: builtin:contact-sync',
        '    schedule: false',
        '    with: { kakao: { apiKey: dummy-key, channelPublicId: _x, fileName: f }, sources: [{ type: csv, path: ./people.csv }], fields: { name: "{name}" }, target: ops }',
      ].join('\n'),
    );
    expect((await project.run('start', '--wait')).code).toBe(0);
  });
  afterAll(async () => {
    await project.cleanup();
    await agents.close();
    await site.close();
  });

  const outbox = async () =>
    JSON.parse((await project.run('outbox', 'list', '--json', '--limit', '500')).stdout) as OutboxJson;

  it('starts every app', async () => {
    const apps = await until('all running', async () => {
      const s = await project.status();
      return s.apps.every((a) => a.state === 'running') && s.apps;
    });
    expect(apps.map((a) => a.app).sort()).toEqual(
      [
        'contact-sync',
        'holiday-alerter',
        'holiday-checker',
        'market-alert',
        'network',
        'notices',
        'token-refresher',
        'weekly-report',
      ].sort(),
    );
  });

  it('network-checker and notice-watcher record first, then alert on a change', async () => {
    expect((await project.run('run', 'network')).code).toBe(0);
    expect((await project.run('run', 'notices')).code).toBe(0);
    agents.device('sw1').setUp('Gi1/0/2', false);
    site.add({ id: '2', title: 'second notice', date: '2026-11-21' });
    expect((await project.run('run', 'network')).code).toBe(0);
    expect((await project.run('run', 'notices')).code).toBe(0);
    const titles = (await outbox()).items.map((i) => i.payload.title ?? '');
    expect(titles).toContain('sw1 Gi1/0/2 down');
    expect(titles.some((t) => t.startsWith('New notice'))).toBe(true);
  });

  it('holiday-checker and token-refresher run (nothing to refresh, first holiday summary)', async () => {
    expect((await project.run('run', 'holiday-checker')).code).toBe(0);
    expect((await project.run('run', 'token-refresher')).code).toBe(0);
    const items = (await outbox()).items.filter((i) => i.app === 'holiday-checker');
    expect(items.length).toBe(1);
  });
});
