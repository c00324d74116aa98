import { sql } from 'kysely';
import type { LeaseRepo, LeaseRow } from './cluster-types.ts';
import type { StoreContext } from './context.ts';
import { dbNow } from './db-clock.ts';

/**
 * Lease rows (more-wire-facts §6 "Postgres lease options"): one INSERT … ON CONFLICT DO UPDATE … WHERE
 * per acquire, so taking, renewing and stealing an expired lease are one atomic statement that
 * survives connection poolers (advisory locks do not). A row whose lease expired stays until
 * someone takes it; its epoch is the fencing token.
 */
export class LeaseRepository implements LeaseRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<number | undefined> {
    const now = dbNow(this.#ctx.kind);
    const sameHolder = sql<boolean>`leases.holder = excluded.holder`;
    const row = await this.#ctx.db
      .insertInto('leases')
      .values({
        name,
        holder,
        epoch: 1,
        expires_at: sql<number>`${now} + ${Math.round(ttlMs)}`,
        acquired_at: now,
      })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({
            holder: sql.ref('excluded.holder'),
            // Only a change of hands bumps the epoch: a renewal keeps the holder's fencing token.
            epoch: sql<number>`leases.epoch + case when ${sameHolder} then 0 else 1 end`,
            expires_at: sql.ref('excluded.expires_at'),
            acquired_at: sql<number>`case when ${sameHolder} then leases.acquired_at else excluded.acquired_at end`,
          })
          .where((eb) =>
            eb.or([eb('leases.holder', '=', eb.ref('excluded.holder')), eb('leases.expires_at', '<', now)]),
          ),
      )
      .returning('epoch')
      .executeTakeFirst();
    return row?.epoch;
  }

  async holds(name: string, holder: string, epoch: number): Promise<boolean> {
    const row = await this.#ctx.db
      .selectFrom('leases')
      .select('name')
      .where('name', '=', name)
      .where('holder', '=', holder)
      .where('epoch', '=', epoch)
      .where('expires_at', '>=', dbNow(this.#ctx.kind))
      .executeTakeFirst();
    return row !== undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    // One ms in the past: acquire takes leases whose expiry is strictly before its own now.
    await this.#ctx.db
      .updateTable('leases')
      .set({ expires_at: sql<number>`${dbNow(this.#ctx.kind)} - 1` })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute();
  }

  async list(): Promise<Array<LeaseRow & { live: boolean }>> {
    const rows = await this.#ctx.db
      .selectFrom('leases')
      .selectAll()
      .select(dbNow(this.#ctx.kind).as('now'))
      .orderBy('name')
      .execute();
    return rows.map((row) => ({
      name: row.name,
      holder: row.holder,
      epoch: Number(row.epoch),
      expiresAt: Number(row.expires_at),
      acquiredAt: Number(row.acquired_at),
      live: Number(row.expires_at) >= Number(row.now),
    }));
  }
}
