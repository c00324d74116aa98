import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest, HttpResponse, Severity } from 'opsbot';
import type { MarketAlertOptions } from './options.ts';
import type { Pipeline } from './pipeline.ts';
import type { Alert } from './rules.ts';
import { mapSyslogSeverity, SYSLOG_SEVERITY_NAMES, type SyslogMessage } from './syslog.ts';

const SEVERITIES: readonly Severity[] = ['info', 'success', 'warning', 'error', 'critical'];
const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clock',
];

export type NewAlert = Omit<Alert, 'seq'>;

/** Source names by IP (IPv4-mapped IPv6 addresses are matched as plain IPv4). */
export class Sources {
  private readonly byIp: Map<string, string>;
  readonly names: Set<string>;

  constructor(list: MarketAlertOptions['sources']) {
    this.byIp = new Map(list.map((s) => [normalizeIp(s.ip), s.name]));
    this.names = new Set(list.map((s) => s.name));
  }

  /** The name for an IP; else the name the sender claimed; else the IP. Known only by configured IP. */
  resolve(ip: string, claimed?: string): { source: string; known: boolean; ip: string } {
    const clean = normalizeIp(ip);
    const name = this.byIp.get(clean);
    return name
      ? { source: name, known: true, ip: clean }
      : { source: claimed || clean, known: false, ip: clean };
  }
}

export function normalizeIp(ip: string | undefined): string {
  if (!ip) return '';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

export interface AlertBody {
  source?: string;
  type?: string;
  severity?: Severity;
  title?: string;
  text: string;
}

/** Checks one JSON alert ({source?, type?, severity?, title?, text}); a reason string when bad. */
export function checkAlertBody(value: unknown): AlertBody | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.text !== 'string' || !v.text.trim()) return 'text must be a non-empty string';
  for (const key of ['source', 'type', 'title'] as const) {
    if (v[key] !== undefined && typeof v[key] !== 'string') return `${key} must be a string`;
  }
  if (v.severity !== undefined && !SEVERITIES.includes(v.severity as Severity)) {
    return `severity must be one of ${SEVERITIES.join(', ')}`;
  }
  return v as unknown as AlertBody;
}

export function fromJson(
  body: AlertBody,
  via: 'ndjson' | 'http',
  origin: { source: string; known: boolean; ip: string },
  now: number,
): NewAlert {
  return {
    via,
    ...origin,
    type: body.type || 'alert',
    severity: body.severity ?? 'warning',
    ...(body.title ? { title: body.title } : {}),
    text: body.text,
    receivedAt: now,
  };
}

export function fromSyslog(
  message: SyslogMessage,
  origin: { ip: string },
  sources: Sources,
  now: number,
): NewAlert {
  const resolved = sources.resolve(origin.ip, message.hostname);
  const detail: Record<string, string> = {
    syslog: `${FACILITIES[message.facility] ?? `local${message.facility - 16}`}.${SYSLOG_SEVERITY_NAMES[message.severity]}`,
  };
  if (message.appName)
    detail.app = message.procId ? `${message.appName}[${message.procId}]` : message.appName;
  if (message.hostname && message.hostname !== resolved.source) detail.host = message.hostname;
  if (message.msgId) detail.msgid = message.msgId;
  for (const [id, params] of Object.entries(message.structuredData ?? {}).slice(0, 5)) {
    const pairs = Object.entries(params).map(([k, v]) => `${k}=${v}`);
    detail[id] = pairs.join(' ') || '-';
  }
  return {
    via: 'syslog',
    ...resolved,
    type: 'syslog',
    severity: mapSyslogSeverity(message.severity),
    ...(message.appName ? { title: message.appName } : {}),
    text: message.message || '(empty syslog message)',
    receivedAt: now,
    detail,
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time bearer check (hashing first so the length does not leak either). */
export function bearerOk(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && !!m;
}

const MAX_BATCH = 1000;

/** POST /alerts: one alert or an array (all checked before any is journaled). */
export function alertsRoute(
  pipeline: Pipeline,
  sources: Sources,
  token: string,
  now: () => number,
): (req: HttpRequest) => Promise<HttpResponse> {
  return async (req) => {
    if (!bearerOk(req.headers.authorization, token)) {
      return { status: 401, headers: { 'www-authenticate': 'Bearer' }, body: { error: 'unauthorized' } };
    }
    const items = Array.isArray(req.body) ? req.body : [req.body];
    if (items.length === 0) return { status: 400, body: { error: 'empty array' } };
    if (items.length > MAX_BATCH)
      return { status: 400, body: { error: `at most ${MAX_BATCH} alerts per request` } };
    const bodies: AlertBody[] = [];
    for (const [i, item] of items.entries()) {
      const checked = checkAlertBody(item);
      if (typeof checked === 'string') {
        return { status: 400, body: { error: Array.isArray(req.body) ? `alert ${i}: ${checked}` : checked } };
      }
      bodies.push(checked);
    }
    const accepted: number[] = [];
    for (const body of bodies) {
      // The gateway does not pass the peer address: a sender names itself; known if it names a configured source.
      const claimed = body.source ?? 'http';
      const origin = { source: claimed, known: sources.names.has(claimed), ip: '' };
      accepted.push((await pipeline.accept(fromJson(body, 'http', origin, now()))).seq);
    }
    return { status: 202, body: { accepted: accepted.length, seq: accepted } };
  };
}
