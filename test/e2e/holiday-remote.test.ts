// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${file:…}` references.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HolidayEmulator,
  startAbstractEmulator,
  startDataGoKrEmulator,
} from '../../src/sandbox/holidays/index.ts';
import type { WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { Project } from '../helpers/cli.ts';
import { BOT, CLIENT, freePort, keys, startEmulator } from '../helpers/works.ts';

/**
 * `opsbot holiday diff` against the provider emulators and `opsbot holiday sync` (the holiday-checker
 * app's sync action, run by the daemon) against the NAVER WORKS emulator, through the real CLI.
 */

interface Diff {
  exchanges: Array<{
    exchange: string;
    added: Array<{ date: string; name: string; source: string }>;
    removed: Array<{ date: string; name: string }>;
    renamed: Array<{ date: string; from: string; to: string }>;
  }>;
}

interface Sync {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
}

describe('holiday diff and sync', () => {
  const project = new Project('opsbot-holiday-remote-');
  let works: WorksEmulator;
  let datagokr: HolidayEmulator;
  let abstract: HolidayEmulator;

  beforeAll(async () => {
    works = await startEmulator(await freePort());
    // data.go.kr knows an extra (made-up) closure and lacks KRX's own Dec 31.
    datagokr = await startDataGoKrEmulator({
      serviceKey: 'datagokr-key',
      data: [
        { date: '2026-09-24', name: '추석' },
        { date: '2026-09-25', name: '추석' },
        { date: '2026-10-05', name: '대체공휴일(개천절)' },
        { date: '2026-10-09', name: '한글날' },
        { date: '2026-10-30', name: '임시공휴일' },
      ],
    });
    abstract = await startAbstractEmulator({
      apiKey: 'abstract-key',
      data: { US: [{ date: '2026-11-26', name: 'Thanksgiving Day', type: 'National' }] },
    });
    project.write('works.key', keys.privateKey);
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        'http: { port: 0 }',
        'holidayProviders:',
        `  datagokr: { serviceKey: datagokr-key, url: "${datagokr.url}" }`,
        `  abstract: { apiKey: abstract-key, url: "${abstract.url}" }`,
        'connections:',
        '  works:',
        '    type: naverworks',
        `    clientId: ${CLIENT.clientId}`,
        `    clientSecret: ${CLIENT.clientSecret}`,
        `    serviceAccount: ${CLIENT.serviceAccount}`,
        '    privateKey: ${file:./works.key}',
        `    botId: "${BOT.botId}"`,
        '    scopes: [calendar, user.read]',
        `    apiUrl: ${works.apiUrl}`,
        `    authUrl: ${works.authUrl}`,
        'apps:',
        '  holidays:',
        '    use: builtin:holiday-checker',
        '    with: { exchanges: [XKRX], calendar: { user: 김민준 } }',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await project.cleanup();
    await Promise.all([works.close(), datagokr.close(), abstract.close()]);
  });

  it('diff lists what a provider says and the calendar does not, and never writes', async () => {
    const r = await project.run('holiday', 'diff', '--exchange', 'XKRX', '--year', '2026', '--json');
    expect(r.code).toBe(0);
    const xkrx = (JSON.parse(r.stdout) as Diff).exchanges[0];
    expect(xkrx?.added.map((a) => [a.date, a.name])).toEqual([['2026-10-30', '임시공휴일']]);
    expect(xkrx?.removed.map((d) => d.date)).toContain('2026-12-31');
    expect(r.stdout + r.stderr).not.toContain('datagokr-key');
    const list = await project.run(
      'holiday',
      'list',
      '--exchange',
      'XKRX',
      '--from',
      '2026-10-30',
      '--to',
      '2026-10-30',
      '--json',
    );
    expect(JSON.parse(list.stdout)).toEqual([]);

    const us = await project.run('holiday', 'diff', '--exchange', 'XNYS', '--year', '2026', '--json');
    const xnys = (JSON.parse(us.stdout) as Diff).exchanges[0];
    // The calendar has every NYSE closure; the provider only Thanksgiving.
    expect(xnys?.added).toEqual([]);
    expect(xnys?.removed.length).toBeGreaterThan(5);
  });

  it('diff without providers, or with a bad key, says so', async () => {
    const bad = new Project('opsbot-holiday-remote-bad-');
    try {
      bad.write('opsbot.yaml', 'dataDir: ./data\n');
      const none = await bad.run('holiday', 'diff', '--json');
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('no holiday provider configured');
      bad.write(
        'opsbot.yaml',
        `dataDir: ./data\nholidayProviders: { datagokr: { serviceKey: wrong-key, url: "${datagokr.url}" } }\n`,
      );
      const wrong = await bad.run('holiday', 'diff', '--exchange', 'XKRX', '--year', '2026');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).not.toContain('wrong-key');
    } finally {
      await bad.cleanup();
    }
  });

  it('sync creates events once, then follows an added and a removed closure', async () => {
    const range = ['--exchange', 'XKRX', '--from', '2026-09-01', '--to', '2026-10-31', '--json'];
    // It is the app's sync action: without a daemon it says so and touches nothing.
    const down = await project.run('holiday', 'sync', ...range);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(
      "opsbot: holiday sync runs in the daemon (it is the holidays app's sync action): start it with opsbot start\n",
    );
    expect(works.state.events.size).toBe(0);
    expect((await project.run('start', '--wait')).code).toBe(0);
    const first = await project.run('holiday', 'sync', ...range);
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as Sync).created).toHaveLength(4);
    const again = JSON.parse((await project.run('holiday', 'calendarupdate', ...range)).stdout) as Sync;
    expect(again).toMatchObject({ created: [], updated: [], deleted: [], unchanged: 4 });

    expect((await project.run('holiday', 'add', 'XKRX', '2026-10-30', '임시공휴일')).code).toBe(0);
    const added = JSON.parse((await project.run('holiday', 'sync', ...range)).stdout) as Sync;
    expect(added.created).toHaveLength(1);
    expect((await project.run('holiday', 'remove', 'XKRX', '2026-10-30')).code).toBe(0);
    const removed = JSON.parse((await project.run('holiday', 'sync', ...range)).stdout) as Sync;
    expect(removed.deleted).toHaveLength(1);
    const events = [...works.state.events.values()].flatMap((m) => [...m.values()]);
    expect(events).toHaveLength(4);
  });
});
