import { type AppContext, defineApp, type Kysely, z } from 'opsbot';

/** The app's own tables (ctx.db), as its migrations create them. */
interface Tables {
  pick: { user: string; day: number; picked_at: number };
}

const db = (ctx: AppContext) => ctx.db as Kysely<Tables>;

/**
 * A monthly day picker, as the Webex bot of seed 002 did it over Redis: `/tgday` asks for a day,
 * checks it, asks to confirm and saves it in the app's own database; `/mydays` lists the picks.
 * Type 취소 (or cancel) to stop; after `ttl` (3 minutes) without an answer the bot gives up.
 */
export default defineApp({
  description: 'Collects monthly day picks in a chat dialog',
  /** `ttl`: how long the bot waits for each answer. */
  options: z.object({ ttl: z.string().default('3m') }),
  migrations: {
    '001': (db) =>
      db.schema
        .createTable('pick')
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('picked_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('pick_pk', ['user', 'day'])
        .execute(),
  },
  async start(ctx) {
    ctx.onCommand('tgday', async (cmd) => {
      const conv = ctx.conversation(cmd, {
        ttl: ctx.options.ttl,
        cancelWords: ['취소', 'cancel'],
        messages: {
          cancelled: '신청을 취소했습니다.',
          timedOut: '답이 없어 신청을 마쳤습니다. 다시 하려면 /tgday 를 입력하세요.',
          interrupted: '봇이 다시 시작되어 신청이 중단되었습니다. /tgday 로 다시 시작해 주세요.',
        },
      });
      const answer = await conv.ask('몇 일로 신청할까요? (1-31, 그만두려면 취소)', {
        validate: (text) =>
          /^([1-9]|[12]\d|3[01])$/.test(text) ? null : '1부터 31 사이의 숫자로 다시 입력하세요.',
      });
      const day = Number(answer);
      if (
        !(await conv.confirm(`${day}일로 신청할까요? (네/아니요)`, {
          retry: '네 또는 아니요로 답해 주세요.',
        }))
      ) {
        await conv.end('신청하지 않았습니다.');
        return;
      }
      await db(ctx)
        .insertInto('pick')
        .values({ user: cmd.user, day, picked_at: ctx.clock.now() })
        .onConflict((oc) => oc.columns(['user', 'day']).doNothing())
        .execute();
      await conv.end(`${day}일로 신청했습니다.`);
    });

    ctx.onCommand('mydays', async (cmd) => {
      const picks = await db(ctx)
        .selectFrom('pick')
        .select('day')
        .where('user', '=', cmd.user)
        .orderBy('day')
        .execute();
      await cmd.reply(
        picks.length ? `신청한 날: ${picks.map((p) => `${p.day}일`).join(', ')}` : '신청한 날이 없습니다.',
      );
    });
  },
});
