import { z } from 'zod';
import type { MethodSpec } from './api.ts';
import { consoleMethods } from './console.ts';

/**
 * The control API: what the CLI (and the console) asks the daemon over its unix socket. Arguments
 * are strict objects, so a misspelt field is refused rather than ignored.
 */

const none = z.strictObject({});
const appName = z.string().min(1, 'give an app name');
const appArgs = z.strictObject({ app: appName });
const appState = z.object({ state: z.string() });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00-23:59)');
const exchange = z.string().min(1, 'give an exchange code');

/** `--set key=value` pairs after YAML parsing; dotted keys reach into nested options. */
export const overrides = z.record(z.string().min(1), z.unknown());

export const appStatus = z.object({
  app: z.string(),
  state: z.string(),
  pid: z.number().nullable(),
  uptimeMs: z.number().nullable(),
  restarts: z.number(),
  lastRun: z
    .object({
      outcome: z.string(),
      startedAt: z.number(),
      endedAt: z.number().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
  nextRun: z.number().nullable(),
  error: z.string().nullable(),
  /** Why the app was last restarted (crash, timed-out run, memoryLimit), kept while it runs again. */
  restartReason: z.string().nullable(),
  /** Present (true) when the app declares `dryRun: true`, so `run --dry-run` is accepted. */
  dryRun: z.literal(true).optional(),
});
export type AppStatus = z.output<typeof appStatus>;

/** Cluster mode: the nodes sharing the store and the leases of singleton work (store cluster_nodes, leases). */
export const clusterStatus = z.object({
  /** The node that answered. */
  node: z.string(),
  /** `lease.ttl` (ms): a node silent for longer is dead. */
  ttl: z.number(),
  nodes: z.array(
    z.object({
      node: z.string(),
      host: z.string(),
      pid: z.number(),
      url: z.string(),
      startedAt: z.number(),
      heartbeatAt: z.number(),
      stoppedAt: z.number().nullable(),
      apps: z.record(z.string(), z.string()),
      ageMs: z.number(),
    }),
  ),
  leases: z.array(
    z.object({
      name: z.string(),
      holder: z.string(),
      epoch: z.number(),
      expiresAt: z.number(),
      acquiredAt: z.number(),
      live: z.boolean(),
    }),
  ),
});
export type ClusterStatus = z.output<typeof clusterStatus>;

export const runResult = z.object({
  runId: z.number(),
  outcome: z.enum(['ok', 'error', 'timed-out', 'crashed', 'interrupted', 'skipped']),
  error: z.string().nullable(),
  durationMs: z.number(),
});

/** A connection's token state (src/connectors/types.ts AuthStatus). */
export const authStatus = z.object({
  connection: z.string(),
  type: z.string(),
  flow: z.enum(['service-account', 'user']),
  access: z.object({ expiresAt: z.number().nullable(), updatedAt: z.number() }).nullable(),
  refresh: z
    .object({ expiresAt: z.number().nullable(), updatedAt: z.number(), daysLeft: z.number().nullable() })
    .nullable(),
  state: z.enum(['ok', 'expiring', 'expired', 'needs-login']),
  warning: z.string().optional(),
});

export const holidayEntry = z.strictObject({
  exchange,
  date,
  kind: z.enum(['closed', 'open', 'session']),
  name: z.string().trim().min(1, 'give the day a name'),
  open: time.nullable().optional(),
  close: time.nullable().optional(),
  source: z.string().min(1),
  updatedAt: z.number(),
});
export type HolidayEntryData = z.output<typeof holidayEntry>;

export const controlApi = {
  ping: { args: none, result: z.object({ pid: z.number(), config: z.string(), url: z.string() }) },
  status: {
    args: none,
    result: z.object({
      pid: z.number(),
      url: z.string(),
      config: z.string(),
      /** The config's timezone: the zone `status` prints times in. */
      timezone: z.string(),
      apps: z.array(appStatus),
      /** Present in cluster mode (`queue: redis://…`). */
      cluster: clusterStatus.optional(),
    }),
  },
  reload: {
    args: none,
    result: z.object({
      started: z.array(z.string()),
      restarted: z.array(z.string()),
      stopped: z.array(z.string()),
      unchanged: z.array(z.string()),
      /** Changed apps that stay stopped (`opsbot stop APP`) until `start APP`. */
      paused: z.array(z.string()),
      needsRestart: z.array(z.string()),
    }),
  },
  stop: { args: none, result: z.object({ stopping: z.literal(true), pid: z.number() }) },
  'app.start': { args: appArgs, result: appState },
  'app.stop': { args: appArgs, result: appState },
  'app.restart': { args: appArgs, result: appState },
  'app.run': {
    args: z.strictObject({ app: appName, dryRun: z.boolean().default(false), set: overrides.default({}) }),
    result: runResult,
  },
  /** An app's named action, run in the app's process; the result is whatever the action returns. */
  'app.do': {
    args: z.strictObject({
      app: appName,
      action: z.string().min(1, 'give an action name'),
      args: overrides.default({}),
    }),
    result: z.unknown(),
  },
  'auth.status': {
    args: z.strictObject({ connection: z.string().min(1).optional() }),
    result: z.object({ statuses: z.array(authStatus), warned: z.array(z.string()) }),
  },
  /** A consent URL with a fresh single-use state (the user flow's login). */
  'auth.url': {
    args: z.strictObject({ connection: z.string().min(1) }),
    result: z.object({ url: z.string(), state: z.string() }),
  },
  'auth.refresh': { args: z.strictObject({ connection: z.string().min(1) }), result: authStatus },
  'auth.exchange': {
    args: z.strictObject({ connection: z.string().min(1), code: z.string().min(1) }),
    result: authStatus,
    secret: ['code'],
  },
  'outbox.wake': { args: none, result: z.object({ woken: z.boolean() }) },
  'outbox.retry': {
    args: z
      .strictObject({ ids: z.array(z.string().min(1)).optional(), dead: z.boolean().optional() })
      .refine((a) => a.dead || a.ids?.length, 'give outbox ids (or unique prefixes) or dead: true'),
    result: z.object({ retried: z.number() }),
  },
  'outbox.purge': {
    args: z
      .strictObject({
        delivered: z.boolean().optional(),
        dead: z.boolean().optional(),
        /** Only items older than this instant (ms). */
        before: z.number().optional(),
      })
      .refine((a) => a.delivered || a.dead, 'choose what to purge: delivered and/or dead'),
    result: z.object({ delivered: z.number(), dead: z.number() }),
  },
  'holiday.add': {
    args: holidayEntry.omit({ source: true, updatedAt: true }),
    result: z.object({ entry: holidayEntry, replaced: z.boolean() }),
  },
  'holiday.update': {
    args: z.strictObject({
      exchange,
      date,
      name: z.string().trim().min(1, 'must not be empty').optional(),
      open: time.optional(),
      close: time.optional(),
    }),
    result: holidayEntry,
  },
  'holiday.remove': {
    args: z.strictObject({ exchange, date }),
    result: z.object({ removed: z.object({ exchange: z.string(), date: z.string() }) }),
  },
  'holiday.import': {
    args: z.strictObject({ entries: z.array(holidayEntry.omit({ updatedAt: true })) }),
    result: z.object({ imported: z.number() }),
  },
  ...consoleMethods,
} satisfies Record<string, MethodSpec>;

export type ControlApi = typeof controlApi;
export type ControlMethod = keyof ControlApi;
