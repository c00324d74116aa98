import type { Clock } from '../../platform/clock.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { CalendarProvider } from '../calendars/types.ts';
import type { Occurrences } from './occurrences.ts';

/** Long enough that a job firing every second asks a calendar about once a minute, short enough
 * that an edited holiday takes effect within a minute without any invalidation call. */
const TTL = 60_000;
const MAX_ENTRIES = 4096;
/** How many closed days the searches below pass over before giving up: a year of daily runs. */
const MAX_CLOSED_DAYS = 370;

interface Answer {
  closed: boolean;
  until: number;
}

/** Answers "which of these calendars is closed on this date" for the scheduler, remembering answers briefly. */
export class ClosedDays {
  private readonly calendars: CalendarProvider;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly answers = new Map<string, Answer>();

  constructor(options: { calendars: CalendarProvider; clock: Clock; log: Logger }) {
    this.calendars = options.calendars;
    this.clock = options.clock;
    this.log = options.log;
  }

  /** A calendar changed (a curated closure added or removed): every remembered answer may be wrong. */
  forget(): void {
    this.answers.clear();
  }

  /**
   * From remembered answers only: the first calendar closed on the date, null when all are open,
   * undefined when some answer is not known yet. Lets a fire skip the await when possible.
   */
  peek(calendars: readonly string[], date: string): string | null | undefined {
    const now = this.clock.now();
    for (const calendar of calendars) {
      const answer = this.answers.get(`${calendar}|${date}`);
      if (!answer || answer.until <= now) return undefined;
      if (answer.closed) return calendar;
    }
    return null;
  }

  /** The first calendar (in list order) closed on the date, or null. Never rejects. */
  async closedBy(calendars: readonly string[], date: string): Promise<string | null> {
    for (const calendar of calendars) {
      if (await this.isClosed(calendar, date)) return calendar;
    }
    return null;
  }

  /**
   * The first occurrence at or after `from` not on a day closed by `calendars`, or undefined when
   * none lies within reach. Jumps a closed day at a time, so an every-minute job costs no more.
   */
  async firstOpen(
    occurrences: Occurrences,
    calendars: readonly string[],
    from: number,
  ): Promise<number | undefined> {
    let at: number | undefined = from;
    for (let day = 0; at !== undefined && day < MAX_CLOSED_DAYS; day++) {
      if ((await this.closedBy(calendars, occurrences.zone.localDate(at))) === null) return at;
      at = occurrences.next(occurrences.zone.startOfNextDay(at) - 1);
    }
    return undefined;
  }

  /** The latest occurrence in (after, atOrBefore] not on a closed day, or undefined. */
  async latestOpen(
    occurrences: Occurrences,
    calendars: readonly string[],
    after: number,
    atOrBefore: number,
  ): Promise<number | undefined> {
    let at = occurrences.previous(atOrBefore);
    for (let day = 0; at !== undefined && at > after && day < MAX_CLOSED_DAYS; day++) {
      if ((await this.closedBy(calendars, occurrences.zone.localDate(at))) === null) return at;
      at = occurrences.previous(occurrences.zone.startOfDay(at) - 1);
    }
    return undefined;
  }

  private async isClosed(calendar: string, date: string): Promise<boolean> {
    const key = `${calendar}|${date}`;
    const known = this.answers.get(key);
    if (known && known.until > this.clock.now()) return known.closed;
    try {
      const closed = await this.calendars.isClosed(calendar, date);
      this.remember(key, closed);
      return closed;
    } catch (err) {
      this.log.error(
        { calendar, date, err: errorMessage(err) },
        'calendar lookup failed; treating the day as open',
      );
      return false;
    }
  }

  private remember(key: string, closed: boolean): void {
    if (this.answers.size >= MAX_ENTRIES) {
      // Oldest entries first (Map keeps insertion order); dropping a quarter keeps this rare.
      let drop = MAX_ENTRIES / 4;
      for (const old of this.answers.keys()) {
        if (drop-- <= 0) break;
        this.answers.delete(old);
      }
    }
    this.answers.delete(key);
    this.answers.set(key, { closed, until: this.clock.now() + TTL });
  }
}
