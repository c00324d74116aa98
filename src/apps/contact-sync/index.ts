import { type AppContext, defineApp, type PortableMessage, z } from 'opsbot';
import { dryRunAware } from '../shared/dry-run.ts';
import { ADOPTED_KEY, knownRecords } from './adopt.ts';
import { KakaoApiError, type KakaoFile, kakaoClient } from './kakao.ts';
import {
  checkFields,
  fieldSpec,
  mapFields,
  maskPhone,
  normalizePhone,
  type Person,
  schemaOf,
} from './mapping.ts';
import { contactPeople, csvPeople, directoryPeople, sourceSpec, type WorksClient } from './sources.ts';
import {
  applyDiff,
  type Diff,
  diff,
  STATE_KEY,
  SyncAbort,
  type SyncedRecord,
  type SyncState,
} from './sync.ts';

/**
 * Keeps a Kakao Talk Channel customer file (고객 파일) in line with the people of NAVER WORKS
 * (tagged contacts, org units, groups, named users) and CSV files — the old kakao_client_updater.
 * Each run: collect people, check their mobile numbers, map them to the file's fields, diff against
 * the last synced state, delete leavers and upsert the rest in batches, then report to `target`.
 * `opsbot run <app> --dry-run` logs the diff and writes nothing; `adopt` (adopt.ts) takes over the
 * people of the old updater's file. Built on the public SDK only.
 */

const options = z
  .object({
    /** The NAVER WORKS connection for the contacts and directory sources. */
    connection: z.string().default('works'),
    kakao: z.object({
      /** REST API key of the biz app (a secret reference in opsbot.yaml). Never logged. */
      apiKey: z.string().min(1),
      /** The channel's profile id, `_xxxx`. */
      channelPublicId: z.string().min(1),
      /** The customer file, found by name; created with the schema of `fields` when missing. */
      fileName: z.string().min(1),
      /** Default https://kapi.kakao.com; the emulator's URL for tests and the sandbox. */
      baseUrl: z.string().url().optional(),
      /** Users per add or delete call (Kakao's documented limit is 2000). */
      batchSize: z.number().int().min(1).max(2000).default(2000),
      timeoutMs: z.number().int().positive().default(30_000),
    }),
    sources: z.array(sourceSpec).min(1),
    /** Customer-file field → how to fill it (see mapping.ts). The file's schema is these fields. */
    fields: z
      .record(z.string(), fieldSpec)
      .refine((f) => Object.keys(f).length > 0, 'give at least one field'),
    /** Where the summary goes; no messages without it. */
    target: z.string().optional(),
    /**
     * A run that would delete more than this share of a file of 10+ synced people stops instead
     * (a renamed tag or group must not empty the file). 1 turns the guard off.
     */
    maxRemoveShare: z.number().min(0).max(1).default(0.5),
    /** `changes`: only when something changed (or the invalid numbers did); `always`: every run. */
    notify: z.enum(['changes', 'always']).default('changes'),
    /**
     * The old updater's kakao_contact_list.json (path from the daemon's working directory): the
     * people in it count as synced, so those no source lists any more are deleted. Read once per file.
     */
    adopt: z.string().min(1).optional(),
  })
  .superRefine((o, ctx) => {
    for (const message of checkFields(o.fields)) ctx.addIssue({ code: 'custom', path: ['fields'], message });
  });

type Options = z.output<typeof options>;
type Ctx = AppContext<Options>;

interface Invalid {
  name: string;
  source: string;
  phone: string;
}

const REPORTED_KEY = 'reported';
const LIST_MAX = 20;

export default defineApp({
  description:
    'syncs NAVER WORKS contacts, directory users and CSV files into a Kakao Talk Channel customer file',
  options,
  schedule: { cron: '0 * * * *', overlap: 'skip', missed: 'once' },

  // A dry run logs the diff it would apply to the Kakao file and writes nothing.
  dryRun: true,

  async run(input) {
    const ctx = dryRunAware(input);
    const o = ctx.options;
    const { people, problems } = await collect(ctx);
    const { desired, invalid, noPhone, duplicates } = build(o, people);
    ctx.log.info(
      {
        people: people.length,
        records: desired.size,
        invalid: invalid.length,
        noPhone,
        duplicates,
        problems,
      },
      'people collected',
    );

    const kakao = kakaoClient({
      apiKey: o.kakao.apiKey,
      channelPublicId: o.kakao.channelPublicId,
      timeoutMs: o.kakao.timeoutMs,
      signal: ctx.signal,
      ...(o.kakao.baseUrl ? { baseUrl: o.kakao.baseUrl } : {}),
    });
    const schema = schemaOf(o.fields);
    const found = await findFile(await kakao.listFiles(), o.kakao.fileName, schema);
    const stored = await ctx.store.get<SyncState>(STATE_KEY);
    const sameFile =
      found !== undefined && stored !== undefined && String(stored.fileId) === String(found.fileId);
    if (found && stored && !sameFile) {
      ctx.log.warn(
        { fileName: o.kakao.fileName },
        'the customer file is not the one last synced: sending everyone',
      );
    }
    const known = await knownRecords(ctx.store, o.adopt, sameFile ? stored.records : {});
    if (known.adopted) {
      const { added, skipped } = known.adopted;
      ctx.log.info({ file: o.adopt, added, skipped }, 'adopted the people of an earlier customer file');
    }
    const changes = diff(known.records, desired);
    const summary = summaryText(o.kakao.fileName, changes, invalid, noPhone, problems);

    const before = Object.keys(known.records).length;
    if (before >= 10 && changes.remove.length > before * o.maxRemoveShare) {
      const text = `${changes.remove.length} of ${before} people would be deleted from ${o.kakao.fileName} (more than maxRemoveShare ${o.maxRemoveShare}): nothing written; check the sources, or raise maxRemoveShare for one run`;
      if (o.target && !ctx.dryRun) {
        await ctx.notify(o.target, { title: '카카오 고객 파일 동기화 중단', text, severity: 'error' });
      }
      throw new Error(text);
    }

    if (ctx.dryRun) {
      ctx.log.info(
        {
          dryRun: true,
          createFile: found ? undefined : { fileName: o.kakao.fileName, schema },
          add: changes.add.map((u) => ({ phone: maskPhone(u.id), name: u.name, field: u.field })),
          update: changes.update.map((u) => ({ phone: maskPhone(u.id), name: u.name, field: u.field })),
          remove: changes.remove.map((u) => ({ phone: maskPhone(u.id), name: u.name })),
          invalid,
        },
        `dry run, nothing written: ${summary.split('\n')[0]}`,
      );
      return;
    }

    let fileId = found?.fileId;
    if (fileId === undefined) {
      fileId = await kakao.createFile(o.kakao.fileName, schema);
      ctx.log.info({ fileName: o.kakao.fileName, fileId, schema }, 'customer file created');
    }
    const state: SyncState = sameFile
      ? { ...stored, records: known.records }
      : { fileId, fileName: o.kakao.fileName, records: known.records };
    if (!sameFile || known.adopted) await ctx.store.set(STATE_KEY, state);
    if (known.adopted) await ctx.store.set(ADOPTED_KEY, known.adopted.hash);

    try {
      const progress = await applyDiff({
        kakao,
        store: ctx.store,
        state,
        diff: changes,
        batchSize: o.kakao.batchSize,
      });
      ctx.log.info({ ...progress, unchanged: changes.unchanged }, 'customer file synced');
    } catch (err) {
      const cause = err instanceof SyncAbort ? err.cause : err;
      if (cause instanceof KakaoApiError && cause.code === -816) {
        // The file is gone: forget it, so the next run finds or creates it and sends everyone.
        await ctx.store.delete(STATE_KEY);
      }
      const done = err instanceof SyncAbort ? err.progress : { calls: 0, removed: 0, upserted: 0 };
      const text = `${(err as Error).message}\n완료된 부분: 삭제 ${done.removed}, 추가·변경 ${done.upserted} (다음 실행에서 이어서 처리)`;
      ctx.log.error({ err: (err as Error).message, ...done }, 'customer file sync failed');
      if (o.target)
        await ctx.notify(o.target, { title: '카카오 고객 파일 동기화 실패', text, severity: 'error' });
      throw err;
    }

    const changed = changes.add.length + changes.update.length + changes.remove.length > 0;
    const fingerprint = JSON.stringify(invalid.map((i) => [i.source, i.name, i.phone]));
    const invalidChanged = fingerprint !== (await ctx.store.get<string>(REPORTED_KEY));
    await ctx.store.set(REPORTED_KEY, fingerprint);
    if (o.target && (o.notify === 'always' || changed || invalidChanged)) {
      const message: PortableMessage = {
        title: '카카오 고객 파일 동기화',
        text: summary,
        severity: invalid.length > 0 || problems.length > 0 ? 'warning' : 'info',
      };
      await ctx.notify(o.target, message);
    }
  },
});

async function collect(ctx: Ctx): Promise<{ people: Person[]; problems: string[] }> {
  const o = ctx.options;
  const needsWorks = o.sources.some((s) => s.type !== 'csv');
  const works = needsWorks ? ctx.connector<WorksClient>(o.connection) : undefined;
  const people: Person[] = [];
  const problems: string[] = [];
  for (const source of o.sources) {
    // A source that fails fails the run: syncing without it would delete its people from the file.
    if (source.type === 'contacts') people.push(...(await contactPeople(works!, source)));
    else if (source.type === 'directory') {
      const r = await directoryPeople(works!, source);
      people.push(...r.people);
      problems.push(...r.problems);
    } else people.push(...(await csvPeople(source)));
  }
  return { people, problems };
}

/** Phones checked and deduplicated (the first source that names a phone wins), fields mapped. */
function build(o: Options, people: Person[]) {
  const desired = new Map<string, SyncedRecord>();
  const invalid: Invalid[] = [];
  let noPhone = 0;
  let duplicates = 0;
  for (const p of people) {
    const raw = p.attrs['phone'];
    const text = typeof raw === 'string' ? raw.trim() : '';
    const name = typeof p.attrs['name'] === 'string' ? p.attrs['name'] : '';
    if (text === '') {
      noPhone++;
      continue;
    }
    const phone = normalizePhone(text);
    if (!phone) {
      invalid.push({ name, source: p.source, phone: text });
      continue;
    }
    if (desired.has(phone)) {
      duplicates++;
      continue;
    }
    desired.set(phone, { name, field: mapFields(o.fields, { ...p.attrs, phone }) });
  }
  return { desired, invalid, noPhone, duplicates };
}

/** The file by name; a schema that lacks a configured field (or types it differently) is an error. */
async function findFile(
  files: KakaoFile[],
  name: string,
  schema: Record<string, string>,
): Promise<KakaoFile | undefined> {
  const matches = files.filter((f) => f.fileName === name);
  if (matches.length > 1)
    throw new Error(`${matches.length} customer files are named ${name}; rename all but one`);
  const file = matches[0];
  if (file?.schema) {
    const wrong = Object.entries(schema).filter(([field, type]) => file.schema?.[field] !== type);
    if (wrong.length > 0) {
      throw new Error(
        `customer file ${name} has schema ${JSON.stringify(file.schema)}; it cannot change, and ` +
          `${wrong.map(([f, t]) => `${f} (${t})`).join(', ')} do not fit it: use a new fileName or adjust fields`,
      );
    }
  }
  return file;
}

function summaryText(
  fileName: string,
  d: Diff,
  invalid: Invalid[],
  noPhone: number,
  problems: string[],
): string {
  const list = (items: string[]) =>
    items.slice(0, LIST_MAX).join(', ') + (items.length > LIST_MAX ? ` 외 ${items.length - LIST_MAX}명` : '');
  const lines = [
    `고객 파일 "${fileName}": 추가 ${d.add.length}, 변경 ${d.update.length}, 삭제 ${d.remove.length}, ` +
      `잘못된 번호 ${invalid.length} (변경 없음 ${d.unchanged}${noPhone ? `, 번호 없음 ${noPhone}` : ''})`,
  ];
  if (d.add.length) lines.push(`추가: ${list(d.add.map((u) => u.name || maskPhone(u.id)))}`);
  if (d.update.length) lines.push(`변경: ${list(d.update.map((u) => u.name || maskPhone(u.id)))}`);
  if (d.remove.length) lines.push(`삭제: ${list(d.remove.map((u) => u.name || maskPhone(u.id)))}`);
  for (const i of invalid.slice(0, LIST_MAX))
    lines.push(`잘못된 번호: ${i.name || '(이름 없음)'} (${i.source}) ${i.phone}`);
  for (const p of problems) lines.push(`확인 필요: ${p}`);
  return lines.join('\n');
}
