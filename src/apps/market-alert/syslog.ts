import type { Severity } from 'opsbot';

/**
 * Small, lenient syslog parsers: RFC 5424 ("<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG") and
 * RFC 3164 / BSD ("<PRI>Mmm dd hh:mm:ss HOST TAG[pid]: MSG"). Whatever does not fit the format
 * still becomes a message (the text is the whole line), because an alert that arrives malformed is
 * still an alert. Only a line that is empty is refused.
 */

export interface SyslogMessage {
  format: '5424' | '3164' | 'unknown';
  facility: number;
  /** 0 emergency … 7 debug. */
  severity: number;
  /** ISO timestamp as sent (3164 has no year or zone: kept as written). */
  timestamp?: string;
  hostname?: string;
  appName?: string;
  procId?: string;
  msgId?: string;
  /** RFC 5424 structured data: SD-ID → params. */
  structuredData?: Record<string, Record<string, string>>;
  message: string;
}

const NIL = '-';
/** RFC 3164 §4.3.3: no PRI means user.notice. */
const DEFAULT_PRI = 13;

const SEVERITY_MAP: readonly Severity[] = [
  'critical', // 0 emerg
  'critical', // 1 alert
  'critical', // 2 crit
  'error', // 3 err
  'warning', // 4 warning
  'info', // 5 notice
  'info', // 6 info
  'info', // 7 debug
];

export const SYSLOG_SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/** Syslog severity 0–7 → opsbot severity: 0–2 critical, 3 error, 4 warning, 5–7 info. */
export function mapSyslogSeverity(severity: number): Severity {
  return SEVERITY_MAP[severity] ?? 'info';
}

function readPri(line: string): { pri: number; rest: string } {
  const m = /^<(\d{1,3})>/.exec(line);
  if (!m) return { pri: DEFAULT_PRI, rest: line };
  const pri = Number(m[1]);
  if (pri > 191) return { pri: DEFAULT_PRI, rest: line };
  return { pri, rest: line.slice(m[0].length) };
}

/** Parses one syslog message in either format; null only for an empty line. */
export function parseSyslog(input: string): SyslogMessage | null {
  const line = input.replace(/[\r\n]+$/, '');
  if (!line.trim()) return null;
  const { pri, rest } = readPri(line);
  const base = { facility: pri >> 3, severity: pri & 7 };
  if (/^[1-9]\d{0,2} /.test(rest)) {
    const parsed = parse5424(rest.slice(rest.indexOf(' ') + 1));
    if (parsed) return { format: '5424', ...base, ...parsed };
  }
  const bsd = parse3164(rest);
  if (bsd) return { format: '3164', ...base, ...bsd };
  return { format: 'unknown', ...base, message: rest.trim() };
}

type Fields = Omit<SyslogMessage, 'format' | 'facility' | 'severity'>;

function nil(value: string | undefined): string | undefined {
  return value === undefined || value === NIL ? undefined : value;
}

/** After "<PRI>VERSION ": TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]. */
function parse5424(text: string): Fields | null {
  const head: string[] = [];
  let pos = 0;
  for (let i = 0; i < 5; i++) {
    const sp = text.indexOf(' ', pos);
    if (sp < 0) return null;
    head.push(text.slice(pos, sp));
    pos = sp + 1;
  }
  const [timestamp, hostname, appName, procId, msgId] = head;
  if (timestamp !== NIL && !/^\d{4}-\d\d-\d\dT/.test(timestamp ?? '')) return null;
  const sd = readStructuredData(text, pos);
  if (!sd) return null;
  let message = text.slice(sd.end);
  if (message.startsWith(' ')) message = message.slice(1);
  if (message.startsWith('\uFEFF')) message = message.slice(1);
  return {
    timestamp: nil(timestamp),
    hostname: nil(hostname),
    appName: nil(appName),
    procId: nil(procId),
    msgId: nil(msgId),
    ...(sd.data ? { structuredData: sd.data } : {}),
    message,
  };
}

/** "-" or one or more [SD-ID PARAM="VALUE" …] with \" \\ \] escapes in values. */
function readStructuredData(
  text: string,
  start: number,
): { data?: Record<string, Record<string, string>>; end: number } | null {
  if (text.startsWith(NIL, start) && (text.length === start + 1 || text[start + 1] === ' ')) {
    return { end: start + 1 };
  }
  const data: Record<string, Record<string, string>> = {};
  let i = start;
  if (text[i] !== '[') return null;
  while (text[i] === '[') {
    i++;
    const idEnd = text.slice(i).search(/[ \]]/);
    if (idEnd <= 0) return null;
    const id = text.slice(i, i + idEnd);
    i += idEnd;
    const params: Record<string, string> = {};
    while (text[i] === ' ') {
      i++;
      const eq = text.indexOf('="', i);
      if (eq < 0) return null;
      const name = text.slice(i, eq);
      i = eq + 2;
      let value = '';
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\]'.includes(text[i + 1]!)) {
          value += text[i + 1];
          i += 2;
        } else value += text[i++];
      }
      if (text[i] !== '"') return null;
      i++;
      params[name] = value;
    }
    if (text[i] !== ']') return null;
    i++;
    data[id] = params;
  }
  return { data, end: i };
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const BSD_TIME = new RegExp(`^((?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d)(?: |$)`);
/** Some senders put an ISO timestamp in the BSD format (rsyslog's RSYSLOG_ForwardFormat). */
const ISO_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?)(?: |$)/;

/** After "<PRI>": TIMESTAMP HOSTNAME TAG[pid]: MSG, each part optional in practice. */
function parse3164(text: string): Fields | null {
  const time = BSD_TIME.exec(text) ?? ISO_TIME.exec(text);
  if (!time) return null;
  let rest = text.slice(time[0].length);
  const fields: Fields = { timestamp: time[1], message: '' };
  // HOSTNAME: one word not ending in ':' (otherwise it is the tag of a host-less message).
  const host = /^([^\s:[]+)(?: |$)/.exec(rest);
  if (host && !/^[^\s[]+(?:\[\d+\])?:/.test(rest)) {
    fields.hostname = host[1];
    rest = rest.slice(host[0].length);
  }
  const tag = /^([^\s:[]{1,48})(?:\[([^\]\s]{1,32})\])?: ?/.exec(rest);
  if (tag) {
    fields.appName = tag[1];
    if (tag[2]) fields.procId = tag[2];
    rest = rest.slice(tag[0].length);
  }
  fields.message = rest;
  return fields;
}
