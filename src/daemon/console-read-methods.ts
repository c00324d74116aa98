import { parse } from 'yaml';
import type { ControlApi, Handlers } from '../contracts/daemon-api/index.ts';
import { resolveSchedule } from '../engine/scheduler/index.ts';
import { showConfig } from '../platform/config/show.ts';
import { closureReason, monthOf } from './console/calendar.ts';
import { connectionInfo, testTarget } from './console/connections.ts';
import { inboxEntryOf, outboxEntryOf } from './console/entries.ts';
import { readAppLog } from './console/logs.ts';
import { upcoming } from './console/schedule.ts';
import type { Daemon } from './daemon.ts';

export type ConsoleReadMethod =
  | 'overview'
  | 'runs.list'
  | 'app.logs'
  | 'app.schedule'
  | 'app.config'
  | 'outbox.list'
  | 'inbox.list'
  | 'connections.list'
  | 'connections.test'
  | 'exchanges.list'
  | 'holiday.month';

type ReadHandlers = Pick<Handlers<ControlApi, unknown>, ConsoleReadMethod>;

/** An app of the config (enabled or not); anything else is UNKNOWN_APP. */
function knownApp(daemon: Daemon, app: string): string {
  if (!daemon.supervisor.configured(app)) daemon.supervisor.get(app);
  return app;
}

/**
 * What the console reads through the daemon API (src/contracts/daemon-api/console.ts): the console
 * never opens the store itself, so the same answers reach the CLI's socket and /api/v1.
 */
export function consoleReadMethods(daemon: Daemon): ReadHandlers {
  return {
    ...appMethods(daemon),
    ...deliveryMethods(daemon),
    'exchanges.list': () => ({
      exchanges: daemon.exchanges.exchanges().map((e) => ({ code: e.exchange, name: e.name })),
    }),
    'holiday.month': ({ exchange, month }) => monthOf(daemon.exchanges, exchange, month),
  };
}

function appMethods(
  daemon: Daemon,
): Pick<ReadHandlers, 'runs.list' | 'app.logs' | 'app.schedule' | 'app.config'> {
  return {
    'runs.list': async ({ app, outcome, before, limit }) => {
      // One more than asked tells whether another page follows.
      const runs = await daemon.store.runs.list(knownApp(daemon, app), limit + 1, { outcome, before });
      const page = runs.slice(0, limit);
      return { runs: page, next: runs.length > limit ? (page.at(-1)?.id ?? null) : null };
    },
    'app.logs': ({ app, lines, level, search }) => ({
      lines: readAppLog(daemon.paths.logDir, knownApp(daemon, app), { lines, level, search }),
    }),
    'app.schedule': async ({ app, count }) => {
      const entry = daemon.supervisor.get(app);
      const ready = entry.process.ready ?? entry.process.registered;
      const job =
        ready && !ready.hasRun
          ? null
          : resolveSchedule(entry.config.schedule, ready?.schedule, daemon.config.timezone);
      if (!job) return { schedule: null, next: [], skipped: [] };
      const schedule = { cron: job.cron, timezone: job.timezone, skip: job.skip };
      // `opsbot stop APP` pauses the schedule: nothing will run until `start APP`.
      if (entry.process.paused) return { schedule, next: [], skipped: [] };
      const deps = {
        calendars: daemon.calendars,
        reason: (calendar: string, date: string) => closureReason(daemon.exchanges, calendar, date),
      };
      return { schedule, ...(await upcoming(deps, job, Date.now(), count)) };
    },
    'app.config': ({ app }) => {
      knownApp(daemon, app);
      // `config show`'s masking, then the app's block of it.
      const shown = parse(showConfig(daemon.config)) as { apps?: Record<string, Record<string, unknown>> };
      return { app, config: shown.apps?.[app] ?? {} };
    },
  };
}

function deliveryMethods(
  daemon: Daemon,
): Pick<ReadHandlers, 'overview' | 'outbox.list' | 'inbox.list' | 'connections.list' | 'connections.test'> {
  const { store } = daemon;
  return {
    overview: async () => {
      const outbox = await store.outbox.depthByConnection();
      const statuses = await daemon.auth.status().catch(() => []);
      return {
        health: daemon.health(),
        outbox,
        dead: outbox.reduce((sum, c) => sum + c.dead, 0),
        tokens: statuses
          .filter((s) => s.state !== 'ok')
          .map((s) => ({
            connection: s.connection,
            state: s.state,
            ...(s.warning ? { warning: s.warning } : {}),
          })),
      };
    },
    'outbox.list': async (filter) => ({ items: (await store.outbox.list(filter)).map(outboxEntryOf) }),
    'inbox.list': async (filter) => {
      const events = await store.inbox.list(filter);
      const items = [];
      for (const event of events) {
        items.push(inboxEntryOf(event, await store.inboxDeliveries.list({ inboxId: event.id })));
      }
      return { items };
    },
    'connections.list': async () => ({
      connections: await Promise.all(
        [...daemon.connectors.values()].map((connector) =>
          connectionInfo(connector, async (name) => {
            const [status] = await daemon.auth.status(name);
            if (!status) throw new Error(`no token state for ${name}`);
            return status;
          }),
        ),
      ),
    }),
    'connections.test': async ({ connection, destination, text }) => {
      const target = testTarget(daemon.connectors, connection, destination);
      const payload = { title: 'opsbot', text, severity: 'info' };
      const [id] = await daemon.outbox.enqueue({ app: null, target, kind: 'portable', payload });
      return { id: id ?? '' };
    },
  };
}
