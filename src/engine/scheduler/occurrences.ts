import type { Cron } from 'croner';
import { cronAtOffset, firesEveryHour, validateCron } from '../../platform/cron.ts';
import { OpsbotError } from '../../platform/errors.ts';
import { TimeZone } from './zone.ts';

const HOUR = 3_600_000;
/** Longer than any DST shift (Antarctica/Troll: 2 h), shorter than the gap between two of them. */
const LOOKBACK = 3 * HOUR;
/** Every hop crosses one offset change; even `0 0 29 2 *` crosses only ~8 before it matches. */
const MAX_HOPS = 64;
/** Windows tried, smallest first, when the quick way to the previous occurrence does not apply. */
const SCAN_WINDOWS = [4 * HOUR, 2 * 24 * HOUR, 40 * 24 * HOUR, 400 * 24 * HOUR, 4000 * 24 * HOUR];
const MAX_SCAN_STEPS = 100_000;

/**
 * The instants at which a cron expression fires in an IANA timezone.
 *
 * croner evaluates the fields at a fixed UTC offset; this class walks the zone's offset changes.
 * Around DST changes (Temporal's "compatible" disambiguation, RFC 5545):
 * - a wall time inside the spring-forward gap runs once, shifted forward by the gap's length
 *   (02:30 on 2026-03-08 in New York runs at 03:30 EDT = 07:30Z);
 * - a wall time inside the repeated fall-back hour runs once, at its first (pre-change) instant
 *   (01:30 on 2026-11-01 in New York runs at 01:30 EDT = 05:30Z) …
 * - … except for expressions that fire in every hour (`0 * * * *`, `*\/15 * * * *`): they keep
 *   their interval and also fire in the repeated hour, as Vixie cron does for wildcard-hour jobs,
 *   so an hourly job fires 25 times on the fall-back day and 23 times on the spring-forward day.
 * Instants are whole seconds and strictly increasing; two wall times mapping to the same instant
 * (a shifted gap time and a real one) fire once.
 */
export class Occurrences {
  readonly expression: string;
  readonly zone: TimeZone;
  private readonly repeatsInFold: boolean;
  private readonly byOffset = new Map<number, Cron>();

  /** Throws an OpsbotError (code SCHEDULE_INVALID) for a bad expression or timezone. */
  constructor(expression: string, timezone: string) {
    const problem = validateCron(expression);
    if (problem) throw new OpsbotError('SCHEDULE_INVALID', `invalid cron "${expression}": ${problem}`);
    try {
      this.zone = new TimeZone(timezone);
    } catch (cause) {
      throw new OpsbotError('SCHEDULE_INVALID', `invalid timezone "${timezone}"`, { cause });
    }
    this.expression = expression.trim();
    this.repeatsInFold = firesEveryHour(this.expression);
  }

  /** The first occurrence strictly after `after` (ms), or undefined when there is none. */
  next(after: number): number | undefined {
    const offset = this.zone.offset(after);
    const earlier = this.zone.offset(after - LOOKBACK);
    let from = after;
    let shifted: number | undefined;
    if (earlier !== offset) {
      // An offset change lies just behind `after`, and `after` may still be inside its effect.
      const change = this.zone.transitionBetween(after - LOOKBACK, after, earlier) ?? after;
      const shift = offset - earlier;
      if (shift > 0 && after < change + shift) {
        // Gap wall times still waiting for their shifted instant: they read at the old offset.
        const candidate = this.matchAfter(earlier, after);
        if (candidate !== undefined && candidate < change + shift) shifted = candidate;
      } else if (shift < 0 && after < change - shift && !this.repeatsInFold) {
        // In the repeated hour; its wall times already ran in the first pass.
        from = change - shift - 1;
      }
    }
    const real = this.walk(from, offset, after);
    if (shifted === undefined) return real;
    return real === undefined || shifted < real ? shifted : real;
  }

  /** The latest occurrence at or before `at`, or undefined when there is none. */
  previous(at: number): number | undefined {
    const guess = this.guessPrevious(at);
    if (guess !== undefined && guess <= at && this.next(guess - 1) === guess) {
      const following = this.next(guess);
      if (following === undefined || following > at) return guess;
    }
    return this.scanPrevious(at);
  }

  /**
   * Real matches from `from` on, hopping over offset changes. `segmentStart` is where the current
   * offset is known to start holding (the search may begin inside a repeated hour before it).
   */
  private walk(from: number, initialOffset: number, segmentStart: number): number | undefined {
    let offset = initialOffset;
    let after = from;
    let start = Math.max(from, segmentStart);
    let shifted: number | undefined;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const candidate = this.matchAfter(offset, after);
      if (candidate === undefined || (shifted !== undefined && candidate >= shifted))
        return shifted ?? candidate;
      const change = this.zone.transitionBetween(start, candidate, offset);
      if (change === undefined) return candidate;
      const next = this.zone.offset(change);
      const shift = next - offset;
      if (shift > 0 && candidate < change + shift) {
        // A wall time inside the gap: it runs `shift` later, which is `candidate` itself. A real
        // time after the gap may still come first (30-minute shifts), so keep walking.
        shifted = candidate;
      }
      after = shift < 0 && !this.repeatsInFold ? change - shift - 1 : change - 1;
      start = change;
      offset = next;
    }
    return shifted;
  }

  /** First instant after `after` whose wall time at the fixed offset matches. */
  private matchAfter(offset: number, after: number): number | undefined {
    return this.cronFor(offset).nextRun(new Date(after))?.getTime();
  }

  private guessPrevious(at: number): number | undefined {
    try {
      const reference = new Date(Math.floor(at / 1000) * 1000 + 1000);
      return this.cronFor(this.zone.offset(at)).previousRuns(1, reference)[0]?.getTime();
    } catch {
      // croner's backward search has rough edges; the forward scan below is the fallback.
      return undefined;
    }
  }

  private scanPrevious(at: number): number | undefined {
    for (const window of SCAN_WINDOWS) {
      let latest: number | undefined;
      let current = this.next(at - window);
      for (let step = 0; current !== undefined && current <= at && step < MAX_SCAN_STEPS; step++) {
        latest = current;
        current = this.next(current);
      }
      if (latest !== undefined) return latest;
    }
    return undefined;
  }

  private cronFor(offset: number): Cron {
    const minutes = Math.round(offset / 60_000);
    let cron = this.byOffset.get(minutes);
    if (!cron) {
      cron = cronAtOffset(this.expression, minutes);
      this.byOffset.set(minutes, cron);
    }
    return cron;
  }
}
