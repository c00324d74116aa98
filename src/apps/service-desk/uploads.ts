import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from 'opsbot';
import { dbOf } from './db.ts';

/**
 * Weekly report files: `<dataDir>/reports/<ISO week>/<name>.<ext>`, one per person and week (a
 * re-upload replaces it, also when its extension differs), with a row in `uploads` per file.
 */
export class Uploads {
  readonly #ctx: AppContext;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  /** The file's path under the app's folder for a person's report of a week. */
  fileOf(week: string, name: string, ext: string): string {
    // A name is a person's display name: keep it from naming another folder.
    const safe = name.replace(/[/\\:*?"<>|\0]/g, '_').replace(/^\.+/, '_');
    return path.join(this.#ctx.dataDir, 'reports', week, `${safe}.${ext}`);
  }

  async save(email: string, week: string, file: string, data: Uint8Array): Promise<void> {
    const previous = await this.get(email, week);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    if (previous && previous !== file) await rm(previous, { force: true });
    const uploaded_at = this.#ctx.clock.now();
    await dbOf(this.#ctx)
      .insertInto('uploads')
      .values({ email, week, file, uploaded_at })
      .onConflict((oc) => oc.columns(['email', 'week']).doUpdateSet({ file, uploaded_at }))
      .execute();
  }

  async get(email: string, week: string): Promise<string | undefined> {
    const row = await dbOf(this.#ctx)
      .selectFrom('uploads')
      .select('file')
      .where('email', '=', email)
      .where('week', '=', week)
      .executeTakeFirst();
    return row?.file;
  }

  /** Email → file of everyone who uploaded in a week. */
  async ofWeek(week: string): Promise<Map<string, string>> {
    const rows = await dbOf(this.#ctx)
      .selectFrom('uploads')
      .select(['email', 'file'])
      .where('week', '=', week)
      .execute();
    return new Map(rows.map((r) => [r.email, r.file]));
  }

  read(file: string): Promise<Buffer> {
    return readFile(file);
  }
}
