import { defineApp, z } from 'opsbot';

/** A scheduled job: posts a heartbeat with a counter kept in the app's store. */
export default defineApp({
  description: 'Posts a heartbeat on a schedule',
  options: z.object({ target: z.string() }),
  schedule: '0 * * * *',
  async run(ctx) {
    const beats = ((await ctx.store.get<number>('beats')) ?? 0) + 1;
    await ctx.store.set('beats', beats);
    await ctx.notify(ctx.options.target, {
      title: 'Heartbeat',
      text: `opsbot is alive (beat #${beats})`,
      severity: 'success',
      fields: [{ name: 'at', value: new Date(ctx.clock.now()).toISOString() }],
    });
    ctx.log.info({ beats }, 'heartbeat sent');
  },
});
