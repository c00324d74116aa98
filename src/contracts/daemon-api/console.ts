import { z } from 'zod';
import { roleSchema } from '../console.ts';
import type { MethodSpec } from './api.ts';

/**
 * The daemon API methods the console and `/api/v1/…` need beyond the CLI's (control.ts). They are
 * part of controlApi: the same dispatcher, the same audit, reachable over the control socket too.
 * Every list is newest first and pages with `before` (the last item's id) and `limit`.
 */

const none = z.strictObject({});
const appName = z.string().min(1, 'give an app name');
const limit = (max: number, def: number) => z.number().int().min(1).max(max).default(def);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a YYYY-MM month');
const userName = z
  .string()
  .regex(/^[A-Za-z0-9._@-]{1,64}$/, 'a user name is 1-64 letters, digits or . _ @ -');

const run = z.object({
  id: z.number(),
  app: z.string(),
  trigger: z.string(),
  scheduledAt: z.number().nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  outcome: z.string(),
  error: z.string().nullable(),
  node: z.string().nullable(),
});

export const logLine = z.object({
  /** ms, or null for a line that is not one of our JSON lines (raw stdout). */
  time: z.number().nullable(),
  level: z.string(),
  msg: z.string(),
  /** The line's other fields (secrets already redacted when written). */
  fields: z.record(z.string(), z.unknown()),
});

/** A portable message as the console previews it ("as the messenger renders it"). */
export const messagePreview = z.object({
  title: z.string().optional(),
  text: z.string(),
  severity: z.string().optional(),
  fields: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  links: z.array(z.object({ label: z.string(), url: z.string() })).optional(),
});

export const outboxEntry = z.object({
  id: z.string(),
  app: z.string().nullable(),
  target: z.string(),
  connection: z.string(),
  destination: z.string(),
  kind: z.string(),
  status: z.enum(['pending', 'sending', 'delivered', 'dead']),
  attempts: z.number(),
  createdAt: z.number(),
  nextAttemptAt: z.number(),
  deliveredAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** Portable messages (and forms' titles); null for native payloads, shown as JSON instead. */
  preview: messagePreview.nullable(),
  /** The native payload (kind native), secrets masked. */
  native: z.unknown().optional(),
});

export const inboxEntry = z.object({
  id: z.number(),
  connection: z.string(),
  receivedAt: z.number(),
  status: z.string(),
  /** One readable line: who said what, or the event's type. */
  summary: z.string(),
  deliveries: z.array(z.object({ app: z.string(), status: z.string(), attempts: z.number() })),
});

export const userInfo = z.object({
  name: z.string(),
  role: roleSchema,
  createdAt: z.number(),
  lastLoginAt: z.number().nullable(),
  /** false for proxy-only users. */
  hasPassword: z.boolean(),
});

export const tokenInfo = z.object({
  id: z.string(),
  user: z.string(),
  label: z.string().nullable(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});

export const auditEntry = z.object({
  id: z.number(),
  at: z.number(),
  actor: z.string(),
  via: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  args: z.unknown(),
  outcome: z.enum(['ok', 'error', 'denied']),
  error: z.string().nullable(),
});

export const calendarDay = z.object({
  date: z.string(),
  /** Closed for the whole day (weekend, holiday, curated closure). */
  closed: z.boolean(),
  /** weekend · holiday (built-in rules or a provider) · curated (`holiday add`, the console) · session (short day) · open */
  kind: z.enum(['weekend', 'holiday', 'curated', 'session', 'open']),
  /** The holiday's or closure's name (why), null on plain days. */
  name: z.string().nullable(),
  /** Where the entry comes from (`rules`, `manual`, a provider); null on plain days. */
  source: z.string().nullable(),
  /** Short days: the session's hours. */
  open: z.string().nullable(),
  close: z.string().nullable(),
});

export const consoleMethods = {
  /** What the overview page shows, in one call (also pushed by GET /api/v1/events). */
  overview: {
    args: none,
    result: z.object({
      health: z.object({ ok: z.boolean(), cause: z.string().optional() }),
      /** Per connection, count per status. */
      outbox: z.array(
        z.object({
          connection: z.string(),
          pending: z.number(),
          sending: z.number(),
          delivered: z.number(),
          dead: z.number(),
        }),
      ),
      dead: z.number(),
      /** Connections whose token needs a person (state other than ok), with the warning. */
      tokens: z.array(
        z.object({ connection: z.string(), state: z.string(), warning: z.string().optional() }),
      ),
    }),
  },
  'runs.list': {
    args: z.strictObject({
      app: appName,
      outcome: z.string().optional(),
      before: z.number().int().optional(),
      limit: limit(200, 50),
    }),
    result: z.object({ runs: z.array(run), next: z.number().nullable() }),
  },
  'app.logs': {
    args: z.strictObject({
      app: appName,
      lines: limit(2000, 200),
      level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
      search: z.string().max(200).optional(),
    }),
    result: z.object({ lines: z.array(logLine) }),
  },
  'app.schedule': {
    args: z.strictObject({ app: appName, count: limit(50, 10) }),
    result: z.object({
      /** null for an app with no schedule. */
      schedule: z.object({ cron: z.string(), timezone: z.string(), skip: z.array(z.string()) }).nullable(),
      /** The next `count` instants it will run (closed days already skipped). */
      next: z.array(z.number()),
      /** Occurrences before the last of `next` that will not run, and why. */
      skipped: z.array(z.object({ at: z.number(), date: z.string(), reason: z.string() })),
    }),
  },
  /** The app's block of the config, secrets masked (`config show`'s rules). */
  'app.config': {
    args: z.strictObject({ app: appName }),
    result: z.object({ app: z.string(), config: z.record(z.string(), z.unknown()) }),
  },
  'outbox.list': {
    args: z.strictObject({
      status: z.enum(['pending', 'sending', 'delivered', 'dead']).optional(),
      connection: z.string().optional(),
      app: z.string().optional(),
      since: z.number().optional(),
      until: z.number().optional(),
      limit: limit(500, 50),
    }),
    result: z.object({ items: z.array(outboxEntry) }),
  },
  'inbox.list': {
    args: z.strictObject({
      connection: z.string().optional(),
      app: z.string().optional(),
      since: z.number().optional(),
      until: z.number().optional(),
      limit: limit(500, 50),
    }),
    result: z.object({ items: z.array(inboxEntry) }),
  },
  'connections.list': {
    args: none,
    result: z.object({
      connections: z.array(
        z.object({
          name: z.string(),
          type: z.string(),
          /** Declared capabilities that are on (send, receive, files, …). */
          capabilities: z.array(z.string()),
          /** Token state for connections with OAuth (null for the others). */
          auth: z
            .object({
              flow: z.string(),
              state: z.string(),
              accessExpiresAt: z.number().nullable(),
              refreshExpiresAt: z.number().nullable(),
              warning: z.string().optional(),
            })
            .nullable(),
          /** The user flow: a person can log in (`auth.url`). */
          canLogin: z.boolean(),
        }),
      ),
    }),
  },
  /** Enqueues a short test message to the connection (or one of its targets). */
  'connections.test': {
    args: z.strictObject({
      connection: z.string().min(1),
      /** `<kind>/<id>` after the connection; empty for single-destination connections. */
      destination: z.string().default(''),
      text: z.string().min(1).max(2000).default('opsbot test message'),
    }),
    result: z.object({ id: z.string() }),
  },
  'exchanges.list': {
    args: none,
    result: z.object({ exchanges: z.array(z.object({ code: z.string(), name: z.string() })) }),
  },
  /** A month of one exchange's calendar: every day, closed or not, and why. */
  'holiday.month': {
    args: z.strictObject({ exchange: z.string().min(1), month }),
    result: z.object({ exchange: z.string(), month: z.string(), days: z.array(calendarDay) }),
  },
  'audit.list': {
    args: z.strictObject({
      before: z.number().int().optional(),
      actor: z.string().optional(),
      action: z.string().optional(),
      limit: limit(500, 100),
    }),
    result: z.object({ entries: z.array(auditEntry), next: z.number().nullable() }),
  },
  'users.list': { args: none, result: z.object({ users: z.array(userInfo) }) },
  'users.add': {
    args: z.strictObject({ name: userName, role: roleSchema, password: z.string().min(10).max(1024) }),
    result: userInfo,
    secret: ['password'],
  },
  'users.update': {
    args: z.strictObject({
      name: userName,
      role: roleSchema.optional(),
      password: z.string().min(10).max(1024).optional(),
    }),
    result: userInfo,
    secret: ['password'],
  },
  'users.remove': { args: z.strictObject({ name: userName }), result: z.object({ removed: z.string() }) },
  'tokens.list': {
    args: z.strictObject({ user: userName.optional() }),
    result: z.object({ tokens: z.array(tokenInfo) }),
  },
  /** The token is in the answer once; only its hash is kept. */
  'tokens.create': {
    args: z.strictObject({ user: userName, label: z.string().max(100).optional() }),
    result: z.object({ id: z.string(), user: z.string(), token: z.string() }),
  },
  'tokens.revoke': {
    args: z.strictObject({ id: z.string().min(1) }),
    result: z.object({ revoked: z.string() }),
  },
} satisfies Record<string, MethodSpec>;
