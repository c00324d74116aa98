/**
 * iCalendar (RFC 5545) holiday files: all-day VEVENTs. Only what holiday calendars use is read —
 * DTSTART/DTEND/DURATION as dates, SUMMARY, and our X-OPSBOT-* properties for exchange and hours.
 */
import { addDays } from '../../../platform/dates.ts';
import { dateProblem, type ImportError, type RawRow } from './rows.ts';

interface Property {
  name: string;
  params: Map<string, string>;
  value: string;
}

interface Event {
  line: number;
  props: Map<string, Property>;
}

/** Folded lines (a line break followed by a space or tab) joined back, keeping where each began. */
function unfold(text: string): Array<{ line: number; text: string }> {
  const logical: Array<{ line: number; text: string }> = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const last = logical[logical.length - 1];
    if (last && (raw.startsWith(' ') || raw.startsWith('\t'))) last.text += raw.slice(1);
    else if (raw.trim() !== '') logical.push({ line: index + 1, text: raw });
  });
  return logical;
}

function parseProperty(text: string): Property | undefined {
  // The value starts at the first colon outside a quoted parameter value.
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  const [name = '', ...rawParams] = text.slice(0, colon).split(';');
  const params = new Map<string, string>();
  for (const param of rawParams) {
    const eq = param.indexOf('=');
    if (eq > 0) params.set(param.slice(0, eq).toUpperCase(), param.slice(eq + 1).replace(/^"|"$/g, ''));
  }
  return { name: name.toUpperCase(), params, value: text.slice(colon + 1) };
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_match, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}

function compactToIso(value: string): string {
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

/** An all-day date property as YYYY-MM-DD, or a message saying what is wrong with it. */
function dateValue(prop: Property | undefined, field: string): string | { problem: string } | undefined {
  if (!prop) return undefined;
  const value = prop.value.trim();
  if (!/^\d{8}$/.test(value)) {
    return { problem: `${field} "${value}" is not an all-day date (use ${field};VALUE=DATE:YYYYMMDD)` };
  }
  const iso = compactToIso(value);
  const problem = dateProblem(iso);
  return problem ? { problem: `${field}: ${problem}` } : iso;
}

/** Holidays longer than this are a mistake (or a DTEND a year off), not a closure to expand. */
const MAX_DAYS = 31;

/** The days an event covers: DTEND is exclusive; without DTEND or DURATION it is one day. */
function eventDays(event: Event): string[] | { problem: string } {
  const start = dateValue(event.props.get('DTSTART'), 'DTSTART');
  if (start === undefined) return { problem: 'DTSTART is missing' };
  if (typeof start !== 'string') return start;
  let count = 1;
  const end = dateValue(event.props.get('DTEND'), 'DTEND');
  const duration = event.props.get('DURATION')?.value.trim();
  if (end !== undefined) {
    if (typeof end !== 'string') return end;
    count = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
    if (count < 1) return { problem: `DTEND ${end} is not after DTSTART ${start}` };
  } else if (duration !== undefined) {
    const match = /^P(\d+)D$/.exec(duration);
    if (!match) return { problem: `DURATION "${duration}" is not whole days (P<n>D)` };
    count = Number(match[1]);
    if (count < 1) return { problem: 'DURATION is zero days' };
  }
  if (count > MAX_DAYS) return { problem: `the event spans ${count} days (at most ${MAX_DAYS})` };
  return Array.from({ length: count }, (_, i) => addDays(start, i));
}

/** The calendar-wide exchange: X-OPSBOT-EXCHANGE, else the first word of X-WR-CALNAME ("XKRX holidays"). */
function calendarExchange(calendarProps: Map<string, Property>, known: Set<string>): string | undefined {
  const explicit = calendarProps.get('X-OPSBOT-EXCHANGE')?.value.trim();
  if (explicit) return explicit;
  const firstWord = unescapeText(calendarProps.get('X-WR-CALNAME')?.value ?? '')
    .trim()
    .split(/\s+/)[0]
    ?.toUpperCase();
  const knownUpper = new Set([...known].map((code) => code.toUpperCase()));
  return firstWord && knownUpper.has(firstWord) ? firstWord : undefined;
}

export function parseIcs(
  text: string,
  knownExchanges: Set<string>,
): { rows: RawRow[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const events: Event[] = [];
  const calendarProps = new Map<string, Property>();
  const components: string[] = [];
  let current: Event | undefined;
  for (const { line, text: content } of unfold(text)) {
    const prop = parseProperty(content);
    if (!prop) {
      errors.push({ line, message: `not an iCalendar content line: "${content.slice(0, 40)}"` });
      continue;
    }
    if (prop.name === 'BEGIN') {
      const component = prop.value.trim().toUpperCase();
      components.push(component);
      if (component === 'VEVENT' && components.length === 2) {
        current = { line, props: new Map() };
        events.push(current);
      }
    } else if (prop.name === 'END') {
      if (components.pop() === 'VEVENT' && components.length === 1) current = undefined;
    } else if (components.length === 1 && components[0] === 'VCALENDAR') {
      calendarProps.set(prop.name, prop);
    } else if (current && components.length === 2) {
      // Properties of nested components (VALARM) stay out of the event.
      current.props.set(prop.name, prop);
    }
  }
  if (!text.toUpperCase().includes('BEGIN:VCALENDAR')) {
    errors.push({ line: 1, message: 'not an iCalendar file (no BEGIN:VCALENDAR)' });
  }

  const fallback = calendarExchange(calendarProps, knownExchanges);
  const rows: RawRow[] = [];
  for (const event of events) {
    const props = event.props;
    // A cancelled event is a holiday that was taken back.
    if (props.get('STATUS')?.value.trim().toUpperCase() === 'CANCELLED') continue;
    if (props.has('RRULE')) {
      rows.push({ line: event.line, problem: 'recurring events (RRULE) are not supported; list each day' });
      continue;
    }
    const exchange = props.get('X-OPSBOT-EXCHANGE')?.value.trim() || fallback;
    if (!exchange) {
      rows.push({
        line: event.line,
        problem: 'no exchange: add X-OPSBOT-EXCHANGE to the event or the calendar',
      });
      continue;
    }
    const days = eventDays(event);
    if (!Array.isArray(days)) {
      rows.push({ line: event.line, problem: days.problem });
      continue;
    }
    const name = unescapeText(props.get('SUMMARY')?.value ?? '');
    const textOf = (key: string) => {
      const value = props.get(key)?.value;
      return value === undefined ? undefined : unescapeText(value);
    };
    for (const date of days) {
      rows.push({
        line: event.line,
        exchange,
        date,
        name,
        kind: textOf('X-OPSBOT-KIND'),
        open: textOf('X-OPSBOT-OPEN'),
        close: textOf('X-OPSBOT-CLOSE'),
      });
    }
  }
  return { rows, errors };
}
