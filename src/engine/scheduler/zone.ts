const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * tzdb never changes a zone's offset twice within a day (real transitions are weeks apart), so
 * equal offsets at two instants less than this apart mean the offset was constant between them.
 */
const STABLE_SPAN = DAY;
/** On a cache miss the offset is also probed this far ahead, so steady schedules rarely ask Intl. */
const PROBE_AHEAD = 6 * HOUR;
/** A local day is at most 25 h long; searching for its edges within 27 h leaves room for a shift. */
const DAY_SEARCH = 27 * HOUR;

interface Span {
  start: number;
  end: number;
  offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    // Throws a RangeError for a name that is not an IANA zone.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/**
 * UTC offsets and local dates of one IANA zone. Intl is slow (several µs per call), so the last
 * span of constant offset is remembered; a schedule that fires every second asks Intl a few times
 * per six hours instead of on every fire.
 */
export class TimeZone {
  readonly name: string;
  private readonly formatter: Intl.DateTimeFormat;
  /** Recent spans of constant offset; two, so lookups on both sides of a DST change stay cheap. */
  private spans: Span[] = [];
  /** The last offset change found: after a change every lookup for hours asks about the same one. */
  private lastChange: { at: number; before: number } | undefined;

  constructor(name: string) {
    this.name = name;
    this.formatter = formatterFor(name);
  }

  /** Milliseconds to add to a UTC instant to get the local wall time (Seoul: +9 h). */
  offset(at: number): number {
    for (const span of this.spans) if (at >= span.start && at <= span.end) return span.offset;
    const offset = this.compute(at);
    let span = this.spans.find(
      (s) => s.offset === offset && (at > s.end ? at - s.end : s.start - at) <= STABLE_SPAN,
    );
    if (span) {
      span.start = Math.min(span.start, at);
      span.end = Math.max(span.end, at);
    } else {
      span = { start: at, end: at, offset };
      this.spans = [span, ...this.spans.slice(0, 1)];
    }
    const probe = span.end + PROBE_AHEAD;
    if (this.compute(probe) === offset) span.end = probe;
    return offset;
  }

  /** The local calendar date of an instant, `YYYY-MM-DD`. */
  localDate(at: number): string {
    return new Date(at + this.offset(at)).toISOString().slice(0, 10);
  }

  /**
   * The first instant in (from, to] whose offset differs from `offset` (the offset in force just
   * after `from`), or undefined when the offset holds throughout.
   */
  transitionBetween(from: number, to: number, offset: number): number | undefined {
    const known = this.lastChange;
    // At most one change per STABLE_SPAN, so a known change close after `from` is the first one.
    if (
      known &&
      known.before === offset &&
      known.at > from &&
      known.at <= to &&
      known.at - from <= STABLE_SPAN
    ) {
      return known.at;
    }
    let low = from;
    for (;;) {
      const probe = Math.min(to, low + STABLE_SPAN);
      if (probe <= low) return undefined;
      if (this.offset(probe) !== offset) {
        const at = this.search(low, probe, (t) => this.compute(t) !== offset);
        this.lastChange = { at, before: offset };
        return at;
      }
      if (probe >= to) return undefined;
      low = probe;
    }
  }

  /** The first instant whose local date is `localDate(at)`. */
  startOfDay(at: number): number {
    const date = this.localDate(at);
    return this.search(at - DAY_SEARCH, at, (t) => this.localDate(t) >= date);
  }

  /** The first instant after `at` whose local date is later than `localDate(at)`. */
  startOfNextDay(at: number): number {
    const date = this.localDate(at);
    return this.search(at, at + DAY_SEARCH, (t) => this.localDate(t) > date);
  }

  /** Smallest instant in (low, high] where `reached` turns true; `reached(high)` must be true. */
  private search(low: number, high: number, reached: (at: number) => boolean): number {
    let lo = low;
    let hi = high;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (reached(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  private compute(at: number): number {
    const whole = Math.floor(at / 1000) * 1000;
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.formatter.formatToParts(whole)) {
      const value = Number(part.value);
      if (part.type === 'year') year = value;
      else if (part.type === 'month') month = value;
      else if (part.type === 'day') day = value;
      else if (part.type === 'hour') hour = value;
      else if (part.type === 'minute') minute = value;
      else if (part.type === 'second') second = value;
    }
    return Date.UTC(year, month - 1, day, hour, minute, second) - whole;
  }
}
