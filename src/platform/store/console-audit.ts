import type { Selectable } from 'kysely';
import type { AuditFilter, AuditOutcome, AuditRepo, AuditRow } from './console-types.ts';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import type { AuditLogTable } from './schema.ts';

const DEFAULT_LIMIT = 100;

/** Who did what and when: one row per change (and per login), arguments already masked. */
export class AuditRepository implements AuditRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async add(entry: Omit<AuditRow, 'id'>): Promise<number> {
    const row = await this.#ctx.db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor: entry.actor,
        via: entry.via,
        action: entry.action,
        target: entry.target,
        args: toJson(entry.args),
        outcome: entry.outcome,
        error: entry.error,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async list(filter: AuditFilter = {}): Promise<AuditRow[]> {
    let query = this.#ctx.db.selectFrom('audit_log').selectAll();
    if (filter.before !== undefined) query = query.where('id', '<', filter.before);
    if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    // By id, not time: ids never repeat, so paging with `before` neither skips nor repeats a row.
    const rows = await query
      .orderBy('id', 'desc')
      .limit(filter.limit ?? DEFAULT_LIMIT)
      .execute();
    return rows.map(toEntry);
  }

  async prune(before: number): Promise<number> {
    const result = await this.#ctx.db.deleteFrom('audit_log').where('at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toEntry(row: Selectable<AuditLogTable>): AuditRow {
  return {
    id: Number(row.id),
    at: Number(row.at),
    actor: row.actor,
    via: row.via as AuditRow['via'],
    action: row.action,
    target: row.target,
    args: fromJson(row.args),
    outcome: row.outcome as AuditOutcome,
    error: row.error,
  };
}
