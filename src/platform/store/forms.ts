import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import type { FormsTable } from './schema.ts';
import type { FormRecord, FormRepo } from './types.ts';

/** Forms apps sent and the answers people gave (secret values never reach this table). */
export class FormRepository implements FormRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async create(form: Omit<FormRecord, 'status' | 'answers' | 'answeredBy' | 'submittedAt' | 'deliveredAt'>) {
    await this.#ctx.db
      .insertInto('forms')
      .values({
        id: form.id,
        app: form.app,
        form_key: form.key,
        target: form.target,
        asked: form.asked,
        form: toJson(form.form),
        status: 'open',
        created_at: form.createdAt,
        expires_at: form.expiresAt,
      })
      .execute();
  }

  async get(id: string): Promise<FormRecord | undefined> {
    const row = await this.#ctx.db.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async submit(id: string, answer: { answers: unknown; answeredBy: string; at: number }): Promise<boolean> {
    // Conditional on 'open' and unexpired: of two racing submits exactly one wins (single use).
    const result = await this.#ctx.db
      .updateTable('forms')
      .set({
        status: 'submitted',
        answers: toJson(answer.answers),
        answered_by: answer.answeredBy,
        submitted_at: answer.at,
      })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('expires_at', '>', answer.at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markDelivered(id: string, at: number): Promise<void> {
    await this.#ctx.db
      .updateTable('forms')
      .set({ status: 'delivered', delivered_at: at })
      .where('id', '=', id)
      .where('status', '=', 'submitted')
      .execute();
  }

  async undelivered(app: string): Promise<FormRecord[]> {
    const rows = await this.#ctx.db
      .selectFrom('forms')
      .selectAll()
      .where('app', '=', app)
      .where('status', '=', 'submitted')
      .orderBy('submitted_at')
      .execute();
    return rows.map(toRecord);
  }
}

function toRecord(row: Selectable<FormsTable>): FormRecord {
  return {
    id: row.id,
    app: row.app,
    key: row.form_key,
    target: row.target,
    asked: row.asked,
    form: fromJson(row.form),
    status: row.status as FormRecord['status'],
    answers: row.answers === null ? null : fromJson(row.answers),
    answeredBy: row.answered_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    submittedAt: row.submitted_at,
    deliveredAt: row.delivered_at,
  };
}
