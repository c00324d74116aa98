import { defineApp, z } from 'opsbot';

const alert = z.object({
  title: z.string().min(1),
  text: z.string().default(''),
  severity: z.enum(['info', 'success', 'warning', 'error', 'critical']).default('warning'),
  source: z.string().optional(),
});

/**
 * An HTTP alert relay: monitoring systems POST JSON to /apps/alert-relay/alerts with a bearer
 * token, and each alert becomes a message to the configured target.
 */
export default defineApp({
  description: 'Relays HTTP alerts to a target',
  options: z.object({ target: z.string(), token: z.string().min(8) }),
  async start(ctx) {
    ctx.route('POST', '/alerts', async (req) => {
      if (req.headers.authorization !== `Bearer ${ctx.options.token}`) {
        return { status: 401, body: { error: 'bad token' } };
      }
      const parsed = alert.safeParse(req.body);
      if (!parsed.success) return { status: 400, body: { error: parsed.error.issues[0]?.message } };
      const { title, text, severity, source } = parsed.data;
      const { ids } = await ctx.notify(ctx.options.target, {
        title,
        text,
        severity,
        fields: source ? [{ name: 'source', value: source }] : undefined,
      });
      return { status: 202, body: { queued: ids.length } };
    });
  },
});
