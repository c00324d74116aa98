import { z } from 'zod';
import { isValidTimezone } from '../time.ts';
import { azureKeyVaultOptions } from '../vault/azure-keyvault-options.ts';
import type { SecretVault } from '../vault/types.ts';
import { byteSizeSchema } from './byte-size.ts';
import { durationSchema, millisecondsSchema } from './duration.ts';
import { secretField } from './secret-fields.ts';

/** The shape of opsbot.yaml (contract: ARCHITECTURE.md "Config"). Secret references are resolved before this runs. */

// Spelled out instead of using the `i` flag: JSON Schema patterns have no flags, and editors must agree with the loader.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const nameKey = z.string().regex(NAME, 'names use letters, digits, - and _');

export const timezoneSchema = z.string().refine(isValidTimezone, { message: 'not an IANA timezone' });

export const overlapPolicy = z.enum(['skip', 'queue', 'allow']);
export const missedPolicy = z.enum(['skip', 'once']);

/** `weekends`, `holidays:<EXCHANGE>`, or another calendar name a provider knows. */
export const skipEntry = z
  .string()
  .regex(/^(weekends|holidays:[A-Z0-9]{2,8}|[a-z][a-z0-9-]*(:[A-Za-z0-9_-]+){0,2})$/, {
    message: 'expected weekends or holidays:<EXCHANGE>',
  });

/** The days a job may run on: an exchange's trading days, or the first/last (minus N) of a month. */
export const onEntry = z
  .string()
  .regex(/^(trading-days|first-trading-day|last-trading-day):[A-Z0-9]{2,8}(:\d{1,2})?$/, {
    message:
      'expected trading-days:<EXCHANGE>, first-trading-day:<EXCHANGE> or last-trading-day:<EXCHANGE>[:N]',
  });

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected YYYY-MM-DD' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM' });

/** A custom exchange: a country's public holidays (date-holidays) plus closures of its own. */
export const exchangeSchema = z.strictObject({
  name: z.string().min(1),
  timezone: timezoneSchema,
  country: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { message: 'expected an ISO country code like DE or DE-HE' })
    .optional(),
  session: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
    message: 'expected HH:MM-HH:MM',
  }),
  weekend: z.array(z.number().int().min(0).max(6)).optional(),
  closed: z.array(z.strictObject({ date: dateString, name: z.string().min(1) })).optional(),
  open: z.array(z.string().min(1)).optional(),
  specials: z
    .array(
      z.strictObject({
        date: dateString,
        open: hhmm.optional(),
        close: hhmm.optional(),
        name: z.string().min(1),
      }),
    )
    .optional(),
});

// Objects are strict so a misspelt key (`shedule:`) is reported instead of silently ignored.
export const scheduleObject = z.strictObject({
  cron: z.string().min(1),
  timezone: timezoneSchema.optional(),
  skip: z.array(skipEntry).optional(),
  on: z.union([onEntry, z.array(onEntry)]).optional(),
  overlap: overlapPolicy.optional(),
  missed: missedPolicy.optional(),
});

/** A cron string, an object, or false to turn off the app's built-in default schedule. */
export const scheduleSchema = z.union([z.string().min(1), scheduleObject, z.literal(false)]);

/** How long an app may take; per app (`apps.X.timeouts`) over the global `timeouts`. */
const appTimeoutsSchema = z.strictObject({
  run: durationSchema(
    'Longest a single run may take (default 10m); past it the run is timed-out and the app restarted; 0 = no limit',
  ).optional(),
  start: durationSchema(
    'Longest start() may take (default 30s); past it the app is killed and restarted; 0 = no limit',
  ).optional(),
  unresponsive: durationSchema(
    'An app whose event loop has not answered a heartbeat for this long shows `unresponsive` (default 30s)',
  ).optional(),
});

export const timeoutsSchema = z.strictObject({
  run: durationSchema('Default longest run for every app (default 10m; 0 = no limit)').default(600_000),
  start: durationSchema('Default longest start() for every app (default 30s; 0 = no limit)').default(30_000),
  unresponsive: durationSchema(
    'Default heartbeat silence before an app shows unresponsive (default 30s)',
  ).default(30_000),
});

/** `process`: each app in a child process of its own; `thread`: a worker thread in one shared app host. */
export const isolationSchema = z.enum(['process', 'thread']);

export const appSchema = z.strictObject({
  use: z.string().min(1),
  enabled: z.boolean().default(true),
  schedule: scheduleSchema.optional(),
  with: z.record(z.string(), z.unknown()).default({}),
  stopTimeout: durationSchema('Time between SIGTERM and SIGKILL when stopping the app (default 10s)').default(
    10_000,
  ),
  timeouts: appTimeoutsSchema.optional(),
  isolation: isolationSchema
    .meta({
      description:
        'process: a child process of its own; thread: a worker thread in one shared app host (default: the global isolation)',
    })
    .optional(),
  memoryLimit: byteSizeSchema(
    "The app process's heap limit, e.g. 512MB; an app over it is restarted and status says so (default: Node's own)",
  )
    // V8's heap flag takes whole megabytes.
    .transform((bytes) => Math.max(1, Math.round(bytes / 1024 ** 2)))
    .optional(),
  /**
   * Environment variables for the app's process, beyond PATH, HOME, LANG, TZ and NODE_* (the daemon's
   * own environment, which holds the secrets, is not passed on). Default: none.
   */
  env: z
    .record(z.string().regex(ENV_NAME, 'environment variable names use letters, digits and _'), z.string())
    .optional(),
  /**
   * Cluster mode: run the app on one node at a time, under a lease (the others keep it in standby).
   * Default: the app's own `singleton`, else true for apps with a start().
   */
  singleton: z.boolean().optional(),
});

export const connectionSchema = z
  .object({
    type: z.string().min(1),
    /** Sends per minute through this connection; the connector's default when absent. */
    rateLimit: z.number().positive().optional(),
    /** A Retry-After longer than this is capped to it (and logged), so one answer cannot park a connection for a day. */
    maxRetryAfter: durationSchema(
      'Longest Retry-After wait honoured for this connection (default 15m)',
    ).default(900_000),
  })
  .catchall(z.unknown());

export const targetSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const deliverySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).default(8),
  backoff: millisecondsSchema(
    'First retry delay (default 1s; a plain number is ms); doubles each attempt (with jitter) up to maxBackoff',
  ).default(1000),
  maxBackoff: millisecondsSchema('Longest retry delay (default 5m; a plain number is ms)').default(300_000),
  lease: millisecondsSchema(
    "How long a claimed item may stay 'sending' before another worker (or a restarted daemon) takes it back (default 30s; a plain number is ms)",
    100,
  ).default(30_000),
});

/** Cluster mode: this daemon's name among the nodes sharing one store and queue. */
export const nodeSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { message: 'letters, digits, . _ - (at most 63)' })
    .optional()
    .meta({ description: 'Node id in cluster mode (default: <hostname>-<pid>)' }),
});

/** Cluster mode: how long singleton work stays with a node that stopped answering. */
export const leaseSchema = z.strictObject({
  ttl: durationSchema(
    'Lease time of singleton work (listener apps, Socket Mode, webhook setup) in cluster mode; a dead holder is replaced within ttl + 5s (default 15s, at least 1s)',
  )
    // Renewed every ttl/3: shorter would be a database write every few milliseconds per lease.
    .refine((ms) => ms >= 1000, { message: 'at least 1s' })
    .default(15_000),
});

/** How crashed apps come back: after `backoff`, doubling per consecutive crash, at most `maxBackoff`. */
export const restartSchema = z.strictObject({
  backoff: durationSchema(
    'First restart delay after a crash (default 1s); doubles per consecutive crash',
  ).default(1000),
  maxBackoff: durationSchema('Longest restart delay (default 5m)').default(300_000),
});

/** Inbound events for an app that is down wait this long for it, then are dropped with a logged reason. */
export const lockWaitSchema = durationSchema(
  'How long `opsbot start` and a changing CLI command wait for another holder of dataDir/opsbot.lock (default 10s)',
).default(10_000);

export const inboxSchema = z.strictObject({
  holdFor: durationSchema(
    'How long an inbound event waits for its app to be up (stopped, restarting) before it is dropped (default 10m)',
  ).default(600_000),
  retention: durationSchema(
    'How long handled inbound events are kept to recognise a retried callback (default 7d); older ones are purged',
  ).default(7 * 86_400_000),
});

const THIRTY_DAYS = 30 * 86_400_000;

/** Delivered and dead outbox items older than this are purged. */
export const outboxSchema = z.strictObject({
  retention: durationSchema('How long delivered and dead outbox items are kept (default 30d)').default(
    THIRTY_DAYS,
  ),
});

/** Finished app runs older than this are purged. */
export const runsSchema = z.strictObject({
  retention: durationSchema('How long finished app runs are kept (default 30d)').default(THIRTY_DAYS),
});

/** The daemon's and each app's log file under dataDir/logs, rotated by size. */
export const logSchema = z.strictObject({
  level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
  maxSize: byteSizeSchema('A log file is rotated once it passes this size (default 10MB)').default(
    10 * 1024 * 1024,
  ),
  keep: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .meta({ description: 'Rotated files kept per log (name.log.1 … name.log.N; default 5)' }),
});

/** The web console and the HTTP API (`/console`, `/api/v1/…`). */
export const consoleSchema = z.strictObject({
  /**
   * Serve the console and the API to clients beyond loopback (default false: only requests from
   * 127.0.0.0/8 and ::1 are answered, whatever http.host is).
   */
  public: z.boolean().default(false),
  /** `local`: users of `opsbot console user add`; `proxy`: a trusted SSO proxy names the user in a header. */
  auth: z.enum(['local', 'proxy']).default('local'),
  proxy: z
    .strictObject({
      /** Header the proxy puts the signed-in user's name in. */
      userHeader: z.string().min(1).default('x-forwarded-user'),
      /** Role of a proxy user with no local account (default viewer). */
      defaultRole: z.enum(['viewer', 'operator', 'admin']).default('viewer'),
      /** Addresses the header is believed from (default loopback only). */
      trusted: z.array(z.string().min(1)).min(1).default(['127.0.0.1', '::1']),
    })
    .prefault({}),
  /** How long a console login lasts without use (default 12h). */
  sessionTtl: durationSchema('Console session lifetime without use (default 12h)').default(43_200_000),
});

export const configSchema = z
  .object({
    timezone: timezoneSchema.default(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
    dataDir: z.string().min(1).default('./data'),
    store: z
      .string()
      .regex(/^(sqlite|postgres(ql)?:\/\/.+)$/, { message: 'expected sqlite or postgres://…' })
      .default('sqlite'),
    queue: z
      .string()
      .regex(/^(local|rediss?:\/\/.+)$/, { message: 'expected local or redis://…' })
      .default('local'),
    http: z
      .strictObject({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        publicUrl: z.url().optional(),
        /** Largest accepted request body in bytes (413 above it). */
        bodyLimit: z.number().int().positive().default(1_048_576),
        /**
         * Serve the /sandbox chat page and its API. Default: only when `host` is loopback (127.0.0.1,
         * ::1, localhost); set true to serve it on another address (it has no login, so give the
         * sandbox connection a `secret`), false to turn it off.
         */
        sandbox: z.boolean().optional(),
      })
      .prefault({}),
    console: consoleSchema.prefault({}),
    secrets: z
      .strictObject({
        masterKey: secretField(z.string().min(1)).optional(),
        /** Where `${vault:name}` references are read (Azure Key Vault). */
        vault: azureKeyVaultOptions.optional(),
      })
      .prefault({}),
    connections: z.record(nameKey, connectionSchema).default({}),
    targets: z.record(nameKey, targetSchema).default({}),
    /** Where `opsbot holiday diff` gets suggestions (never applied without review). */
    holidayProviders: z
      .strictObject({
        abstract: z
          .strictObject({ apiKey: secretField(z.string().min(1)), url: z.url().optional() })
          .optional(),
        datagokr: z
          .strictObject({ serviceKey: secretField(z.string().min(1)), url: z.url().optional() })
          .optional(),
      })
      .default({}),
    /** Exchanges beyond the built-in ones (XKRX, XNYS, …), by code. */
    exchanges: z
      .record(
        z
          .string()
          .regex(/^[A-Z0-9]{2,8}$/, { message: 'exchange codes are 2-8 upper-case letters or digits' }),
        exchangeSchema,
      )
      .default({}),
    /**
     * Folders app files (`use: ./…`) may be loaded from, relative to the config file. Default: the
     * config file's folder. A file elsewhere (`../../x.ts`, an absolute path) is a config error.
     */
    appRoots: z.array(z.string().min(1)).min(1).optional(),
    apps: z.record(nameKey, appSchema).default({}),
    isolation: isolationSchema
      .meta({
        description:
          "Every app's isolation unless it sets its own (default process): a process each, or worker threads in one shared app host",
      })
      .default('process'),
    delivery: deliverySchema.prefault({}),
    restart: restartSchema.prefault({}),
    inbox: inboxSchema.prefault({}),
    outbox: outboxSchema.prefault({}),
    runs: runsSchema.prefault({}),
    timeouts: timeoutsSchema.prefault({}),
    lockWait: lockWaitSchema,
    log: logSchema.prefault({}),
    node: nodeSchema.prefault({}),
    lease: leaseSchema.prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    // Several daemons share the outbox, runs and leases: only Postgres is shared between machines.
    if (config.queue !== 'local' && !config.store.startsWith('postgres'))
      ctx.addIssue({
        code: 'custom',
        path: ['queue'],
        message: 'cluster mode (queue: redis://…) needs store: postgres://… (several daemons share it)',
      });
  });

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type AppConfig = z.output<typeof appSchema>;
export type ScheduleConfig = z.output<typeof scheduleSchema>;
export type ConnectionConfig = z.output<typeof connectionSchema>;

/** A config after loading: absolute paths, resolved secrets, and where it came from. */
export interface LoadedConfig extends Config {
  /** Absolute path of the YAML file. */
  file: string;
  /** Absolute dataDir. */
  dataDirPath: string;
  /** Every resolved secret value, so output can be scrubbed of them. */
  secretValues: string[];
  /**
   * Strings that were written with `${…}` (references or `$${` escapes), by path, as written — so
   * `config show` can print the reference instead of the value. Optional so hand-built configs (tests) need not set it.
   */
  secretRefs?: { path: (string | number)[]; text: string }[];
  /** Paths of values whose schema field is marked secret (secretField), written in plain or not: masked by `config show`. */
  secretPaths?: (string | number)[][];
  /** The vault `secrets.vault` opened for this load (not enumerable: no setting, never compared or shown). */
  readonly vault?: SecretVault;
}
