import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HolidayEmulator, startDataGoKrEmulator } from '../../src/sandbox/holidays/index.ts';
import { Project } from '../helpers/cli.ts';
import { CliSession } from '../helpers/cli-session.ts';
import { startDaemon, stopDaemon } from '../helpers/daemon-session.ts';

/**
 * holiday-checker's provider check through the daemon: the app asks over the app API
 * (`holiday.diff`, `holiday.add`) what `opsbot holiday diff` prints, alerts the difference and,
 * with autoApply, adds the closure only data.go.kr knows to the curated calendar.
 */

interface Day {
  trading: boolean;
}

/** A weekday about two months ahead that XKRX trades on (the made-up temporary holiday). */
async function openWeekdayAhead(cli: CliSession): Promise<string> {
  const day = new Date(Date.now() + 60 * 86_400_000);
  for (;;) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const date = day.toISOString().slice(0, 10);
    const r = await cli.run('holiday', 'check', date, '--exchange', 'XKRX', '--json');
    const [info] = JSON.parse(r.stdout) as Day[];
    if (info?.trading) return date;
  }
}

describe('holiday-checker asks the holiday providers', () => {
  const project = new Project('opsbot-provider-check-');
  const cli = new CliSession(project.dir);
  let datagokr: HolidayEmulator;
  let date = '';

  beforeAll(async () => {
    project.write('opsbot.yaml', 'dataDir: ./data\nhttp: { port: 0 }\n');
    date = await openWeekdayAhead(cli);
    datagokr = await startDataGoKrEmulator({ serviceKey: 'k', data: [{ date, name: '임시공휴일' }] });
    await startDaemon(project, cli, [
      `holidayProviders: { datagokr: { serviceKey: k, url: "${datagokr.url}" } }`,
      'apps:',
      '  holidays:',
      '    use: builtin:holiday-checker',
      '    schedule: false',
      '    with: { exchanges: [XKRX], days: 120, target: sandbox/channel/ops }',
    ]);
  });
  afterAll(() => stopDaemon(project, cli, datagokr));

  it('alerts the provider-only closure, and adds it with autoApply', async () => {
    const run = await cli.run('run', 'holidays');
    expect(run.code, run.stderr).toBe(0);
    const outbox = JSON.parse((await cli.run('outbox', 'list', '--json')).stdout) as {
      items: Array<{ payload: { title?: string; text: string } }>;
    };
    const alert = outbox.items.find((i) => i.payload.title === '휴장일 제공자 차이');
    expect(alert?.payload.text).toContain(`- XKRX ${date} 임시공휴일: 제공자(datagokr)에만 있음\n`);
    const before = await cli.run('holiday', 'check', date, '--exchange', 'XKRX', '--json');
    expect((JSON.parse(before.stdout) as Day[])[0]?.trading).toBe(true);

    expect((await cli.run('run', 'holidays', '--set', 'autoApply=true')).code).toBe(0);
    const list = await cli.run(
      'holiday',
      'list',
      '--exchange',
      'XKRX',
      '--from',
      date,
      '--to',
      date,
      '--json',
    );
    expect(JSON.parse(list.stdout)).toMatchObject([
      { exchange: 'XKRX', date, kind: 'closed', name: '임시공휴일', source: 'datagokr' },
    ]);
  });
});
