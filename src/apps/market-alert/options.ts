import { z } from 'opsbot';

/** "500ms", "30s", "30m", "2h", "1d", or a number of milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
  if (!m) throw new Error(`bad duration "${value}" (use e.g. 500ms, 30s, 30m, 2h, 1d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Math.round(Number(m[1]) * unit);
}

const duration = z.union([z.string(), z.number().nonnegative()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const severity = z.enum(['info', 'success', 'warning', 'error', 'critical']);
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

const regex = z.string().refine(
  (v) => {
    try {
      new RegExp(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const host = z.string().default('0.0.0.0');
const port = z.number().int().min(0).max(65535);

export const ruleSchema = z.object({
  /** A label for logs. */
  name: z.string().optional(),
  /** Source names (from `sources`) or IP addresses; any of them. */
  source: oneOrMany(z.string()).optional(),
  /** Alert types: market, system, syslog, or what NDJSON/HTTP senders put in `type`. */
  type: oneOrMany(z.string()).optional(),
  severity: oneOrMany(severity).optional(),
  /** At least this severity (info < success < warning < error < critical). */
  minSeverity: severity.optional(),
  /** A regular expression searched in the text (JS syntax; `(?i:…)` for case-insensitive parts). */
  text: regex.optional(),
  /** Targets (named or connection/kind/id). An empty list drops matching alerts. */
  to: oneOrMany(z.string()),
  /** Templates with {source} {type} {text} {severity} {time} {ip} {title}; default: the app's. */
  title: z.string().optional(),
  template: z.string().optional(),
});

export const maintenanceSchema = z.object({
  name: z.string().optional(),
  /** When a window opens: 5 fields (or 6, seconds first), in `timezone`. */
  cron: z.string(),
  duration,
  timezone: z.string().optional(),
  /** Only alerts from these sources (names or IPs); default all. */
  sources: z.array(z.string()).optional(),
  /** Only alerts of these types; default all. */
  types: z.array(z.string()).optional(),
});

const fepType = z.object({ name: z.string(), severity });

export const optionsSchema = z.object({
  /** The default route: where alerts go when no rule matches. */
  target: oneOrMany(z.string()),
  /** Timezone for {time} and for maintenance crons. */
  timezone: z.string().default('Asia/Seoul'),
  /** Source hosts by IP. Alerts from other IPs are accepted and marked "unknown source <ip>". */
  sources: z.array(z.object({ ip: z.string(), name: z.string() })).default([]),
  /** The old FEP protocol: SOH type '=' text SOH, UTF-8, over TCP. */
  fep: z
    .object({
      host,
      port,
      maxFrame: z
        .number()
        .int()
        .positive()
        .default(64 * 1024),
      /** Frame type → alert type and severity. */
      types: z.record(z.string(), fepType).default({
        '1': { name: 'market', severity: 'warning' },
        '2': { name: 'system', severity: 'error' },
      }),
      /** Answer ACK (0x06) per journaled frame, NAK (0x15) per refused one. Off: old clients never read. */
      ack: z.boolean().default(false),
    })
    .optional(),
  /** One JSON object per line over TCP: {source?, type?, severity?, title?, text}. */
  ndjson: z
    .object({
      host,
      port,
      maxLine: z
        .number()
        .int()
        .positive()
        .default(64 * 1024),
      /** Answer "ok" or "error <reason>" per line once it is journaled. */
      ack: z.boolean().default(false),
    })
    .optional(),
  /** Syslog (RFC 3164 and 5424) over UDP and/or TCP (octet counting or LF framing). */
  syslog: z
    .object({
      host,
      udpPort: port.optional(),
      tcpPort: port.optional(),
      maxMessage: z
        .number()
        .int()
        .positive()
        .default(64 * 1024),
    })
    .optional(),
  /** POST /apps/<app>/alerts with Authorization: Bearer <token>. Without a token the route answers 404. */
  http: z.object({ token: z.string().min(16) }).optional(),
  /** First match wins; no match → `target`. */
  rules: z.array(ruleSchema).default([]),
  title: z.string().default('[{type}] {source}'),
  template: z.string().default('{text}'),
  /** Same source + type + text within the window: the first goes out at once, one "×N" summary at the end. */
  coalesce: z
    .union([z.literal(false), z.object({ window: duration.default(60_000) })])
    .default({ window: 60_000 })
    .transform((v) => (v === false ? 0 : v.window)),
  /** Alerts matching an open window are held and sent as one summary when it closes. */
  maintenance: z.array(maintenanceSchema).default([]),
});

export type MarketAlertOptions = z.output<typeof optionsSchema>;
export type RuleOptions = z.output<typeof ruleSchema>;
export type MaintenanceOptions = z.output<typeof maintenanceSchema>;
