import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type AppContext, addDays, defineApp, localDate, z } from 'opsbot';
import { dryRunAware } from '../shared/dry-run.ts';
import {
  type DriveFile,
  type DriveLocation,
  findFolder,
  listFolder,
  pathParts,
  resolveLocation,
  type WorksDriveClient,
} from './drive.ts';
import { applyRules, ruleSchema } from './rules.ts';
import { fillTemplate, reportDayOf } from './weeks.ts';

/**
 * The weekly report (the old auto_weekly_report_creater): on the report day (Thursday) copies last
 * week's xlsx in a NAVER WORKS team folder or drive to this week's name, rolled forward by `rules`
 * (title, report date, this week's column into last week's, cleared fills and remarks), and uploads it
 * next to it in the year folder. Idempotent: when this week's file is there, the run does nothing.
 *
 * Which day acts: the schedule fires Mon–Thu; a run acts once today reaches the due day of this
 * (Sunday-to-Saturday) week: its Thursday, or — with `holiday.onClosed: previous-trading-day` and a
 * closed Thursday — the trading day before it; `skip` leaves such a week out. Names, title and dates
 * always use that week's Thursday, whichever day acts. `anyDay: true` (or a dry run) acts on any day.
 *
 * Drive and group-folder APIs need a user token (`auth: user`); a service-account connection fails
 * with the drive client's explanation.
 */

const options = z.object({
  /** A NAVER WORKS connection with `auth: user`. */
  connection: z.string().default('works'),
  /** A team folder by group name (or groupId), or a drive: 'me' or a userId. */
  location: z.union([
    z.strictObject({ group: z.string().min(1) }),
    z.strictObject({ drive: z.string().min(1) }),
  ]),
  /** Folder path under the root, e.g. '업무보고/주간보고'; '' is the root. */
  dir: z.string().default(''),
  /** The folder inside `dir` the files go to; '' puts them in `dir` itself. Created when missing. */
  yearFolder: z.string().default('{year}'),
  /** {year} {month} {month2} {week} (Sunday-based week of the month) {isoYear} {isoWeek} {isoWeek2}. */
  fileName: z.string().default('{year}년 {month}월 {week}주차 주간업무보고.xlsx'),
  /** Worksheet name; default the first sheet. */
  sheet: z.string().optional(),
  rules: z
    .array(ruleSchema)
    .min(1)
    .prefault([{ preset: 'classic' }]),
  /** Where the result (or the "last week's report not found" alert) is posted. */
  target: z.string().optional(),
  /** Whose "today" decides the week. */
  timezone: z.string().default('Asia/Seoul'),
  holiday: z
    .object({
      exchange: z.string().default('XKRX'),
      onClosed: z.enum(['skip', 'previous-trading-day']).default('previous-trading-day'),
    })
    .optional(),
  /** Act on any day the schedule (or `opsbot run`) fires, not only on the due day. */
  anyDay: z.boolean().default(false),
  /** Where a dry run writes the workbook instead of uploading it. */
  dryRunDir: z.string().default('./data/weekly-report'),
});

type Options = z.output<typeof options>;
type Ctx = AppContext<Options>;

/** The day this week's report is due, or null when a closed Thursday skips the week. */
async function dueDate(ctx: Ctx, reference: string): Promise<string | null> {
  const h = ctx.options.holiday;
  if (!h || (await ctx.calendar.isTradingDay(h.exchange, reference))) return reference;
  if (h.onClosed === 'skip') return null;
  return ctx.calendar.previousTradingDay(h.exchange, reference);
}

async function findFile(
  client: WorksDriveClient,
  at: DriveLocation,
  folder: { folderId: string | undefined } | null,
  name: string,
): Promise<DriveFile | undefined> {
  if (folder === null) return undefined;
  return (await listFolder(client, at, folder.folderId)).find(
    (f) => f.fileType === 'FILE' && f.fileName === name,
  );
}

/** Applies the rules to the downloaded workbook; answers the new bytes. */
async function rollForward(
  ctx: Ctx,
  bytes: Uint8Array,
  reference: string,
  today: string,
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = ctx.options.sheet ? wb.getWorksheet(ctx.options.sheet) : wb.worksheets[0];
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name).join(', ');
    throw new Error(`sheet "${ctx.options.sheet ?? '(first)'}" not found (sheets: ${names || 'none'})`);
  }
  for (const warning of applyRules(ws, ctx.options.rules, { reference, today })) {
    ctx.log.warn({ sheet: ws.name }, warning);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export default defineApp({
  description: 'weekly report: roll last week’s xlsx in a NAVER WORKS folder forward to this week',
  options,
  schedule: { cron: '0 9 * * 1-4', timezone: 'Asia/Seoul', missed: 'once' },

  // A dry run writes the report under dryRunDir and uploads nothing.
  dryRun: true,

  async run(input) {
    const ctx = dryRunAware(input);
    const o = ctx.options;
    const today = localDate(ctx.clock.now(), o.timezone);
    const reference = reportDayOf(today);
    const due = await dueDate(ctx, reference);
    if (!ctx.dryRun && !o.anyDay) {
      if (due === null) {
        ctx.log.info({ reference }, 'the report day is closed: no report this week');
        return;
      }
      if (today < due) {
        ctx.log.info({ today, due }, 'the weekly report is not due yet');
        return;
      }
    }

    const lastReference = addDays(reference, -7);
    const thisName = fillTemplate(o.fileName, reference, today);
    const lastName = fillTemplate(o.fileName, lastReference, today);
    if (thisName === lastName) {
      throw new Error(`fileName "${o.fileName}" gives the same name for two weeks: add {week} or {isoWeek}`);
    }
    const yearName = fillTemplate(o.yearFolder, reference, today).trim();
    const lastYearName = fillTemplate(o.yearFolder, lastReference, today).trim();
    const dirParts = pathParts(o.dir);
    const where = (folder: string) => `/${[...dirParts, ...(folder ? [folder] : [])].join('/')}`;
    const place = 'group' in o.location ? `group ${o.location.group}` : `drive ${o.location.drive}`;

    const client = ctx.connector<WorksDriveClient>(o.connection);
    const at = await resolveLocation(client, o.location, ctx.log);
    const dir = await findFolder(client, at, dirParts);
    const folderIn = async (name: string) =>
      dir === null ? null : name ? await findFolder(client, at, [...dirParts, name]) : dir;
    const yearFolder = await folderIn(yearName);

    const existing = await findFile(client, at, yearFolder, thisName);
    if (existing) {
      ctx.log.info({ file: thisName, path: where(yearName) }, "this week's report is already there");
      return;
    }

    const lastFolder = lastYearName === yearName ? yearFolder : await folderIn(lastYearName);
    const last = await findFile(client, at, lastFolder, lastName);
    if (!lastFolder || !last) {
      const lastPath = where(lastYearName);
      if (o.target) {
        await ctx.notify(o.target, {
          title: '주간업무보고 생성 실패',
          text: `지난주 보고서 "${lastName}"를 ${place}의 ${lastPath}에서 찾지 못해 이번 주 보고서를 만들지 않았습니다.`,
          severity: 'error',
          fields: [
            { name: '찾은 파일', value: lastName },
            { name: '위치', value: `${place} ${lastPath}` },
          ],
        });
      }
      throw new Error(`last week's report "${lastName}" not found in ${place} ${lastPath}`);
    }

    const downloaded = await client.drive.download({ ...at, fileId: last.fileId });
    const bytes = await rollForward(ctx, downloaded.bytes, reference, today);

    if (ctx.dryRun) {
      const file = path.resolve(o.dryRunDir, thisName);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
      ctx.log.info({ file, from: lastName }, 'dry run: wrote the report locally; nothing uploaded');
      return;
    }

    let folderId = yearFolder?.folderId;
    if (!yearFolder && dir) {
      const created = await client.drive.createFolder({
        ...at,
        ...(dir.folderId === undefined ? {} : { parentId: dir.folderId }),
        name: yearName,
      });
      folderId = created.fileId;
      ctx.log.info({ folder: where(yearName) }, 'created the year folder');
    }
    const stored = await client.drive.upload({
      ...at,
      ...(folderId === undefined ? {} : { folderId }),
      fileName: thisName,
      bytes,
    });
    const filePath = stored.filePath ?? `${where(yearName)}/${thisName}`;
    ctx.log.info({ file: thisName, path: filePath, fileId: stored.fileId }, 'weekly report uploaded');
    if (o.target) {
      await ctx.notify(o.target, {
        title: '주간업무보고 생성',
        text: `이번 주 보고서 "${thisName}"를 ${place}의 ${where(yearName)}에 올렸습니다.`,
        severity: 'success',
        fields: [
          { name: '파일', value: thisName },
          { name: '위치', value: `${place} ${filePath}` },
          { name: '원본', value: lastName },
        ],
      });
    }
  },
});
