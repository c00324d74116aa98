import { type AppContext, defineApp } from 'opsbot';
import { alertsRoute, bearerOk, Sources } from './inputs.ts';
import { Listeners } from './listeners.ts';
import { type MarketAlertOptions, optionsSchema } from './options.ts';
import { Pipeline } from './pipeline.ts';

/**
 * market-alert (the old market_alert): receives alerts from FEP servers and other systems and
 * forwards them to messengers.
 *
 * Inputs (each optional): the old FEP frame over TCP (SOH type '=' text SOH, UTF-8 only), NDJSON
 * over TCP, syslog RFC 3164/5424 over UDP and TCP, and POST /apps/<app>/alerts with a bearer
 * token. Sources are named by IP. Rules route alerts (first match wins, default `target`),
 * repeats are coalesced ("×N"), maintenance windows hold alerts and summarise them at the end.
 *
 * Every accepted alert is journaled in the app's store before anything else happens and removed
 * only once the outbox holds its message, so a restart - even kill -9 - loses nothing that was
 * accepted (see journal.ts for the exact guarantee). GET /apps/<app>/status shows the bound ports
 * and counters (behind the bearer token when `http.token` is set).
 */

interface Running {
  pipeline: Pipeline;
  listeners: Listeners;
}

const running = new WeakMap<object, Running>();

export default defineApp({
  description: 'receives FEP/syslog/JSON alerts and forwards them (rules, coalescing, maintenance, journal)',
  options: optionsSchema,

  async start(ctx) {
    const o = ctx.options;
    const pipeline = new Pipeline(ctx);
    const sources = new Sources(o.sources);
    const listeners = new Listeners({ pipeline, sources, log: ctx.log, now: () => ctx.clock.now() });
    running.set(ctx, { pipeline, listeners });

    // Leftovers first: they are queued ahead of anything the listeners accept from now on.
    await pipeline.recover();

    if (o.http)
      ctx.route(
        'POST',
        '/alerts',
        alertsRoute(pipeline, sources, o.http.token, () => ctx.clock.now()),
      );
    ctx.route('GET', '/status', (req) => {
      if (o.http && !bearerOk(req.headers.authorization, o.http.token)) {
        return { status: 401, body: { error: 'unauthorized' } };
      }
      return { body: status(ctx, pipeline, listeners) };
    });

    try {
      await listeners.start(o);
    } catch (err) {
      await listeners.stop();
      pipeline.stop();
      throw err;
    }
    ctx.log.info({ ports: listeners.ports }, 'market-alert listening');
  },

  async stop(ctx) {
    const r = running.get(ctx);
    if (!r) return;
    await r.listeners.stop();
    r.pipeline.stop();
  },
});

function status(ctx: AppContext<MarketAlertOptions>, pipeline: Pipeline, listeners: Listeners) {
  return {
    app: ctx.app,
    ports: listeners.ports,
    counters: { ...pipeline.counters },
    backlog: pipeline.backlog(),
    coalescing: pipeline.coalescer.openWindows(),
    held: pipeline.maintenance.heldCount(),
  };
}

/** For tests: the running pipeline of a context (to wait until it is idle). */
export function pipelineOf(ctx: object): Pipeline | undefined {
  return running.get(ctx)?.pipeline;
}
