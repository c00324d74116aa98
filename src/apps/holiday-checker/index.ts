import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type AppContext, addDays, type DayInfo, defineApp, type ExchangeInfo, localDate, z } from 'opsbot';
import { dryRunAware } from '../shared/dry-run.ts';
import { hasSshAuth, SSH_AUTH_ERROR, sshServerFields } from '../shared/ssh.ts';
import { DEFAULT_SUMMARY } from './calendar-sync.ts';
import { changeMessage, type Snapshot } from './changes.ts';
import { fepFiles, writeFepFiles } from './fep-files.ts';
import { checkProviders, windowOf } from './provider-check.ts';
import { type SftpServer, uploadToServers } from './sftp.ts';
import { syncAction, syncClosures } from './sync-action.ts';

/**
 * The weekly holiday check (the old holiday_checker): compares the calendar with the configured
 * holiday providers (provider-check.ts), looks `days` ahead for every listed exchange,
 * tells `target` what changed since last time, mirrors the closures into a NAVER WORKS calendar,
 * writes the FEP holiday files and copies them to the FEP servers. The steps after the change check
 * do not depend on each other: one failing does not stop the rest, and the run fails at the end.
 * Built on the public SDK only.
 */

const server = z
  .object({
    name: z.string().min(1),
    ...sshServerFields,
    /** Remote directory, e.g. /mdfsvc/fep/etc/holidays; it must exist. */
    path: z.string().min(1),
  })
  .refine(hasSshAuth, SSH_AUTH_ERROR);

const options = z.object({
  /** Exchange codes (XKRX, XNYS, …). */
  exchanges: z.array(z.string()).min(1),
  /** How many days ahead to look. */
  days: z.number().int().min(1).max(366).default(60),
  /** Where change reports (and failures) go; no reports without it. */
  target: z.string().optional(),
  calendar: z
    .object({
      connection: z.string().default('works'),
      /** Korean display name, login email or userId of the calendar's owner. */
      user: z.string().min(1),
      /** A calendar the user sees, by name; default the user's default calendar. */
      calendarName: z.string().optional(),
      /** {exchange}, {exchangeName}, {name} (the closure), {date}. */
      summary: z.string().default(DEFAULT_SUMMARY),
    })
    .optional(),
  files: z
    .object({
      /** Local directory, relative to the daemon's working directory. */
      dir: z.string().default('./data/holidays'),
      servers: z.array(server).default([]),
    })
    .optional(),
  /** Compare the calendar with the configured holiday providers each run (weekly) and report differences. */
  providerCheck: z.boolean().default(true),
  /** Add closures only a provider knows to the curated calendar (renames and removals stay for a person). */
  autoApply: z.boolean().default(false),
});

type Options = z.output<typeof options>;
type Ctx = AppContext<Options>;

const SNAPSHOT_KEY = 'snapshot';

export default defineApp({
  description: 'weekly exchange-holiday check: change report, NAVER WORKS calendar, FEP files over SFTP',
  options,
  schedule: { cron: '0 6 * * 0', missed: 'once' },
  actions: { sync: syncAction },
  // A dry run reads the calendar and reports what it would create, update, delete, write and copy.
  dryRun: true,

  async run(input) {
    const ctx = dryRunAware(input);
    const o = ctx.options;
    const known = new Map((await ctx.calendar.exchanges()).map((e) => [e.exchange, e]));
    const unknown = o.exchanges.filter((code) => !known.has(code));
    if (unknown.length) {
      const list = [...known.keys()].join(', ');
      throw new Error(`unknown exchange ${unknown.join(', ')} (the calendar knows ${list || 'none'})`);
    }
    const covered = o.exchanges.map((code) => {
      const info = known.get(code)!;
      // "Today" is the exchange's own date, as everywhere in the calendar API.
      const today = localDate(ctx.clock.now(), info.timezone);
      return { info, today, to: addDays(today, o.days) };
    });
    // First, so closures it adds (autoApply) are in the report, the calendar and the files below.
    const providerProblems = await checkProviders(ctx, o, windowOf(covered, o.days));
    const closures = (
      await Promise.all(covered.map((x) => ctx.calendar.closures(x.info.exchange, x.today, x.to)))
    ).flat();

    const current: Snapshot = {
      windows: Object.fromEntries(covered.map((x) => [x.info.exchange, { from: x.today, to: x.to }])),
      closures,
    };
    const previous = await ctx.store.get<Snapshot>(SNAPSHOT_KEY);
    const report = changeMessage(previous, current, o.days);
    if (report && o.target) await ctx.notify(o.target, report);
    await ctx.store.set(SNAPSHOT_KEY, current);
    ctx.log.info({ closures: closures.length, changed: report !== null }, 'holidays checked');

    const problems: string[] = [...providerProblems];
    if (o.calendar) {
      try {
        await syncCalendar(ctx, o.calendar, closures, known, covered);
      } catch (err) {
        problems.push(`calendar: ${reason(err)}`);
      }
    }
    if (o.files) problems.push(...(await shipFiles(ctx, o.files, covered, closures)));

    if (problems.length) {
      ctx.log.error({ problems }, 'holiday check finished with failures');
      if (o.target) {
        await ctx.notify(o.target, {
          title: '휴장일 점검 실패',
          text: problems.join('\n'),
          severity: 'error',
        });
      }
      throw new Error(`holiday check failed: ${problems.join('; ')}`);
    }
  },
});

async function syncCalendar(
  ctx: Ctx,
  calendar: NonNullable<Options['calendar']>,
  closures: DayInfo[],
  known: Map<string, ExchangeInfo>,
  covered: Array<{ today: string; to: string }>,
): Promise<void> {
  const from = covered.map((x) => x.today).sort()[0]!;
  const to = covered
    .map((x) => x.to)
    .sort()
    .at(-1)!;
  const result = await syncClosures(ctx, calendar, closures, known, { from, to });
  ctx.log.info(
    {
      ...(ctx.dryRun ? { dryRun: true, wouldCreate: result.created, wouldDelete: result.deleted } : {}),
      created: result.created.length,
      updated: result.updated.length,
      deleted: result.deleted.length,
      unchanged: result.unchanged,
    },
    ctx.dryRun ? 'dry run: what the calendar sync would change' : 'calendar synced',
  );
}

/** Writes the files locally, then to every server; returns one problem line per failure. */
async function shipFiles(
  ctx: Ctx,
  files: NonNullable<Options['files']>,
  covered: Array<{ info: ExchangeInfo; today: string }>,
  closures: DayInfo[],
): Promise<string[]> {
  const rendered = fepFiles(covered, closures);
  const dir = path.resolve(files.dir);
  if (ctx.dryRun) {
    const names = rendered.map((f) => f.name);
    const servers = files.servers.map((s) => s.name);
    ctx.log.info({ dir, files: names, servers }, 'dry run: would write the holiday files and copy them');
    return [];
  }
  try {
    await writeFepFiles(dir, rendered);
  } catch (err) {
    // The servers still get the files: they come from memory, not from the directory.
    ctx.log.error({ dir, err: reason(err) }, 'writing holiday files failed');
    return [`files in ${dir}: ${reason(err)}`, ...(await upload(ctx, files.servers, rendered))];
  }
  ctx.log.info({ dir, files: rendered.length }, 'holiday files written');
  return upload(ctx, files.servers, rendered);
}

async function upload(
  ctx: Ctx,
  servers: NonNullable<Options['files']>['servers'],
  rendered: Array<{ name: string; content: string }>,
): Promise<string[]> {
  const problems: string[] = [];
  const ready: SftpServer[] = [];
  for (const s of servers) {
    const { privateKeyFile, ...rest } = s;
    try {
      const privateKey = privateKeyFile === undefined ? undefined : await readFile(privateKeyFile);
      ready.push({ ...rest, ...(privateKey === undefined ? {} : { privateKey }) });
    } catch (err) {
      // The path is shown, never the key itself.
      problems.push(`${s.name}: cannot read privateKeyFile ${privateKeyFile}: ${reason(err)}`);
    }
  }
  const results = await uploadToServers(ready, rendered, {
    sleep: (ms) => ctx.clock.sleep(ms, ctx.signal),
    onRetry: (name, attempt, error) => ctx.log.warn({ server: name, attempt, err: error }, 'sftp retry'),
  });
  for (const r of results) {
    if (r.ok) ctx.log.info({ server: r.server, attempts: r.attempts }, 'holiday files copied');
    else problems.push(`${r.server}: ${r.error} (after ${r.attempts} tries)`);
  }
  return problems;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
