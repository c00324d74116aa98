import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';
import { NodeSqliteDatabase } from './sqlite-database.ts';

const q = (sql: string, ...parameters: unknown[]) => CompiledQuery.raw(sql, parameters);

describe('GroupCommit over NodeSqliteDatabase', () => {
  let db: NodeSqliteDatabase;
  let batches: string[][];

  function open(): GroupCommit {
    db = new NodeSqliteDatabase(':memory:');
    db.prepare('create table t (id integer primary key, v text unique)').run([]);
    batches = [];
    return new GroupCommit(async (queries) => {
      batches.push(queries.map((query) => query.sql));
      return db.batch(queries);
    });
  }

  afterEach(() => db.close());

  it('commits the writes of one event-loop turn together, in order, and only then resolves them', async () => {
    const gc = open();
    const seen: string[] = [];
    const writes = ['a', 'b', 'c'].map((v) =>
      gc.write(q('insert into t (v) values (?) returning id', v)).then((r) => {
        // Resolved only after the commit: the row is readable by then.
        const [row] = db.prepare('select count(*) as n from t').all([]) as Array<{ n: number }>;
        seen.push(`${v}:${row?.n}`);
        return r.rows;
      }),
    );
    expect(await Promise.all(writes)).toEqual([[{ id: 1 }], [{ id: 2 }], [{ id: 3 }]]);
    expect(batches).toHaveLength(1);
    expect(seen).toEqual(['a:3', 'b:3', 'c:3']);
  });

  it('fails only the write whose statement failed; the rest of the batch commits', async () => {
    const gc = open();
    const results = await Promise.allSettled([
      gc.write(q('insert into t (v) values (?)', 'x')),
      gc.write(q('insert into t (v) values (?)', 'x')),
      gc.write(q('insert into t (v) values (?)', 'y')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toHaveLength(1);
    expect(db.prepare('select v from t order by id').all([])).toEqual([{ v: 'x' }, { v: 'y' }]);
  });

  it('rejects every write of a batch when the batch as a whole fails', async () => {
    db = new NodeSqliteDatabase(':memory:');
    const gc = new GroupCommit(async () => {
      throw new Error('disk full');
    });
    const results = await Promise.allSettled([gc.write(q('select 1')), gc.write(q('select 2'))]);
    expect(results).toMatchObject([
      { status: 'rejected', reason: { message: 'disk full' } },
      { status: 'rejected', reason: { message: 'disk full' } },
    ]);
  });

  it("lets 'soon' writes ride along with the next 'now' commit, or go on their own shortly", async () => {
    const gc = open();
    const soon = gc.write(q('insert into t (v) values (?)', 'later'), 'soon');
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(0);
    await gc.write(q('insert into t (v) values (?)', 'now'));
    await soon;
    expect(batches).toHaveLength(1);
    expect(db.prepare('select v from t order by id').all([])).toEqual([{ v: 'later' }, { v: 'now' }]);

    const alone = gc.write(q('insert into t (v) values (?)', 'alone'), 'soon');
    await alone;
    expect(batches).toHaveLength(2);
  });

  it('idle() waits for queued writes, committing soon ones at once', async () => {
    const gc = open();
    let done = false;
    void gc.write(q('insert into t (v) values (?)', 'q'), 'soon').then(() => {
      done = true;
    });
    await gc.idle();
    expect(done).toBe(true);
    expect(batches).toHaveLength(1);
    await gc.idle();
  });
});
