import type { Selectable } from 'kysely';
import type { ConsoleRoleName, ConsoleUserRepo, ConsoleUserRow } from './console-types.ts';
import type { StoreContext } from './context.ts';
import type { ConsoleUsersTable } from './schema.ts';

/** Console users: name, role and the argon2id hash of their password (never the password). */
export class ConsoleUserRepository implements ConsoleUserRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async add(user: Omit<ConsoleUserRow, 'lastLoginAt' | 'updatedAt'>): Promise<boolean> {
    const result = await this.#ctx.db
      .insertInto('console_users')
      .values({
        name: user.name,
        role: user.role,
        password_hash: user.passwordHash,
        created_at: user.createdAt,
        updated_at: user.createdAt,
        last_login_at: null,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async get(name: string): Promise<ConsoleUserRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('console_users')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async list(): Promise<ConsoleUserRow[]> {
    const rows = await this.#ctx.db.selectFrom('console_users').selectAll().orderBy('name').execute();
    return rows.map(toUser);
  }

  async update(
    name: string,
    change: { role?: ConsoleRoleName; passwordHash?: string | null; lastLoginAt?: number },
    at: number,
  ): Promise<boolean> {
    const result = await this.#ctx.db
      .updateTable('console_users')
      .set({
        updated_at: at,
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
        ...(change.lastLoginAt !== undefined ? { last_login_at: change.lastLoginAt } : {}),
      })
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async remove(name: string): Promise<boolean> {
    if (!(await this.get(name))) return false;
    // One transaction: a removed user leaves no session or token that could still open the console.
    const { db } = this.#ctx;
    await this.#ctx.atomically([
      db.deleteFrom('console_sessions').where('user_name', '=', name).compile(),
      db.deleteFrom('api_tokens').where('user_name', '=', name).compile(),
      db.deleteFrom('console_users').where('name', '=', name).compile(),
    ]);
    return true;
  }

  async countAdmins(): Promise<number> {
    const row = await this.#ctx.db
      .selectFrom('console_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toUser(row: Selectable<ConsoleUsersTable>): ConsoleUserRow {
  return {
    name: row.name,
    role: row.role as ConsoleRoleName,
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    lastLoginAt: row.last_login_at === null ? null : Number(row.last_login_at),
  };
}
