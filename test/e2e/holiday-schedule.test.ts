import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeCalendars } from '../../src/engine/calendars/exchange-calendars.ts';
import { MemoryHolidays } from '../../src/engine/calendars/memory-holidays.ts';
import { exchangeRules } from '../../src/engine/calendars/rules-for.ts';
import { Project } from '../helpers/cli.ts';

/** Holiday-aware schedules in the real daemon: `on: last-trading-day:XKRX` and a curated closure. */

const APP = `import { defineApp } from 'opsbot';
export default defineApp({ async run(ctx) { ctx.log.info('ran'); } });
`;

const seoulNine = (date: string) => Date.parse(`${date}T09:00:00+09:00`);

describe('holiday-aware schedules', () => {
  const project = new Project('opsbot-holiday-schedule-');
  const calendars = new ExchangeCalendars({ rules: exchangeRules({}), store: new MemoryHolidays() });

  beforeAll(() => {
    project.write('job.ts', APP);
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        'timezone: Asia/Seoul',
        'http: { port: 0 }',
        'apps:',
        '  month-end: { use: ./job.ts, schedule: { cron: "0 9 * * *", on: "last-trading-day:XKRX" } }',
        '  daily: { use: ./job.ts, schedule: { cron: "0 9 * * *", skip: [holidays:XKRX] } }',
      ].join('\n'),
    );
  });
  afterAll(() => project.cleanup());

  it('plans the month-end job for the last KRX trading day, and skips a closure added with the CLI', async () => {
    const now = Date.now();
    const today = calendars.today('XKRX', now);
    let last = await calendars.lastTradingDayOfMonth('XKRX', today.slice(0, 7));
    if (seoulNine(last) <= now) {
      const next = new Date(Date.parse(`${today.slice(0, 7)}-01T00:00:00Z`));
      next.setUTCMonth(next.getUTCMonth() + 1);
      last = await calendars.lastTradingDayOfMonth('XKRX', next.toISOString().slice(0, 7));
    }
    // Close the next trading day by hand: the daily job must pass over it.
    const nextTrading = await calendars.nextTradingDay('XKRX', today);
    const added = await project.run('holiday', 'add', 'XKRX', nextTrading, '사내 휴무');
    expect(added.code).toBe(0);

    expect((await project.run('start', '--wait')).code).toBe(0);
    const apps = (await project.status()).apps;
    expect(apps.find((a) => a.app === 'month-end')?.nextRun).toBe(seoulNine(last));
    // Today at 09:00 if that is still ahead and KRX trades; else the trading day after the closed one.
    const todayAhead = (await calendars.isTradingDay('XKRX', today)) && seoulNine(today) > now;
    const expected = todayAhead ? today : await calendars.nextTradingDay('XKRX', nextTrading);
    expect(apps.find((a) => a.app === 'daily')?.nextRun).toBe(seoulNine(expected));
  });
});
