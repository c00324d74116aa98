import { type AppContext, defineApp } from 'opsbot';
import { dryRunAware } from '../shared/dry-run.ts';
import { isoWeekOf, OfficeCalendar } from './calendar.ts';
import { migrations } from './db.ts';
import type { Desk } from './desk.ts';
import { listen } from './handlers.ts';
import { mailPicks } from './jobs/day-pick.ts';
import { mailReports } from './jobs/reports.ts';
import { runDue } from './jobs/run.ts';
import { type Options, options } from './options.ts';
import { People } from './people.ts';
import { importPeople, readPeopleCsv, seed } from './seed.ts';
import type { CatalogueSeam } from './services.ts';

/**
 * builtin:service-desk (seed 002, the old Webex "TG chatbot"): known people ask for a service in
 * their own words; the desk finds it in the catalogue, makes sure, and runs it (a monthly day pick,
 * its lookup, the weekly report upload, a canned answer, a form). Every 10 minutes it does what is
 * due: reminders, and the managers' digests by mail. See docs/service-desk.md.
 */
export function createServiceDeskApp(catalogue: CatalogueSeam) {
  return defineApp({
    description:
      'Chat service desk: finds the service a person asks for; monthly day picks, weekly reports, digests by mail',
    options,
    migrations,
    schedule: { cron: '*/10 * * * *' },
    async start(ctx) {
      // The daemon starts the app before any run or action, so this is the one place to seed.
      await seed(ctx);
      listen(await deskOf(ctx, catalogue));
    },
    // A dry run (opsbot run desk --dry-run --set at=…) logs what it would send and marks nothing done.
    dryRun: true,
    async run(ctx) {
      await runDue(dryRunAware(ctx));
    },
    actions: {
      async 'day-pick-digest'(ctx, args) {
        const month =
          typeof args.month === 'string' ? args.month : (await OfficeCalendar.of(ctx)).today().month;
        return { month, ...(await mailPicks(ctx, month)) };
      },
      async 'report-digest'(ctx, args) {
        const week =
          typeof args.week === 'string' ? args.week : isoWeekOf((await OfficeCalendar.of(ctx)).today().date);
        return { week, ...(await mailReports(ctx, week)) };
      },
      async 'people-import'(ctx, args) {
        if (typeof args.file !== 'string') throw new Error('people-import needs --set file=<people.csv>');
        return importPeople(ctx, await readPeopleCsv(args.file));
      },
    },
  });
}

/** Loads the catalogue (a path relative to the daemon's working directory) and builds the desk. */
async function deskOf(ctx: AppContext<Options>, catalogue: CatalogueSeam): Promise<Desk> {
  const cwd = process.cwd();
  const services = await catalogue.load(ctx.options.catalogue, cwd);
  return {
    ctx,
    people: new People(ctx),
    calendar: await OfficeCalendar.of(ctx),
    services,
    search: catalogue.search(services),
  };
}
