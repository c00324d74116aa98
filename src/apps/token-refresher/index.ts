import { defineApp, z } from 'opsbot';
import type { NaverworksClient } from 'opsbot/connectors/naverworks';
import { dryRunAware } from '../shared/dry-run.ts';

/**
 * Keeps OAuth tokens alive: refreshes every NAVER WORKS connection (both flows) once a day, so a
 * user-flow refresh token keeps rotating instead of dying at 90 days, and tells a person when a
 * refresh fails or a refresh token is close to its end. Built on the public SDK only.
 */

/** Every auth-capable connection's client has `auth`; NAVER WORKS is the one this app knows. */
type AuthClient = Pick<NaverworksClient, 'auth'>;

export default defineApp({
  description: 'refreshes NAVER WORKS tokens daily and alerts when a refresh fails or a token nears its end',
  options: z.object({
    /** Where alerts go: a named target or connection/kind/id. */
    target: z.string().default('admin'),
    /** Connections to refresh; default every naverworks connection. */
    connections: z.array(z.string()).optional(),
    /** Connection types to cover when `connections` is not given. */
    types: z.array(z.string()).default(['naverworks']),
  }),
  schedule: { cron: '0 6 * * *', missed: 'once' },

  // A dry run reads each token's status instead of refreshing it (a refresh rotates the token).
  dryRun: true,

  async run(input) {
    const ctx = dryRunAware(input);
    const names =
      ctx.options.connections ??
      (await Promise.all(ctx.options.types.map((t) => ctx.connections(t)))).flat().map((c) => c.name);
    if (names.length === 0) {
      ctx.log.info('no connection to refresh');
      return;
    }
    const failed: string[] = [];
    for (const name of names) {
      const client = ctx.connector<AuthClient>(name);
      try {
        const status = ctx.dryRun ? await client.auth.status() : await client.auth.refresh();
        const done = ctx.dryRun ? 'dry run: token status (would refresh)' : 'token refreshed';
        ctx.log.info({ connection: name, daysLeft: status.refresh?.daysLeft ?? null }, done);
        if (status.state !== 'ok') {
          await ctx.notify(ctx.options.target, {
            title: `${name}: refresh token ${status.state}`,
            text: status.warning ?? status.state,
            severity: 'warning',
            fields: [{ name: 'connection', value: name, inline: true }],
          });
        }
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        ctx.log.error({ connection: name, err: reason }, 'token refresh failed');
        failed.push(name);
        await ctx.notify(ctx.options.target, {
          title: `${name}: token refresh failed`,
          text: `${reason}\nIf the refresh token is gone or revoked, log in again: opsbot auth login ${name}`,
          severity: 'error',
          fields: [{ name: 'connection', value: name, inline: true }],
        });
      }
    }
    // A failed run shows in `opsbot status`, besides the alert.
    if (failed.length) throw new Error(`token refresh failed for ${failed.join(', ')}`);
  },
});
