import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { Occurrences } from './occurrences.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const at = (text: string) => new Date(text).getTime();

const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** Straight from Intl, no caching of spans: the reference the class under test must agree with. */
function offsetOf(timezone: string, instant: number): number {
  const key = `${timezone}|${instant}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const format =
    formats.get(timezone) ??
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  formats.set(timezone, format);
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const offset =
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant;
  offsets.set(key, offset);
  return offset;
}

/**
 * The documented semantics, by brute force over every step in a window:
 * a real instant fires when its wall time matches, except a second pass through a repeated hour
 * (unless the job fires every hour); a wall time inside a gap fires at wall time − pre-gap offset.
 */
function oracle(
  expression: string,
  timezone: string,
  from: number,
  to: number,
  everyHour: boolean,
  step = MINUTE,
) {
  const wall = new Cron(expression, { utcOffset: 0, paused: true, mode: '5-or-6-parts' });
  const matches = (wallTime: number) => wall.match(new Date(wallTime));
  const found = new Set<number>();
  for (let t = from; t <= to; t += step) {
    const offset = offsetOf(timezone, t);
    const secondPass = [30 * MINUTE, HOUR, 2 * HOUR].some((d) => offsetOf(timezone, t - d) === offset + d);
    if (matches(t + offset) && (everyHour || !secondPass)) found.add(t);
    const before = offsetOf(timezone, t - step);
    if (offset > before) {
      for (let w = t + before; w < t + offset; w += step) if (matches(w)) found.add(w - before);
    }
  }
  return [...found].filter((t) => t > from && t <= to).sort((a, b) => a - b);
}

function chain(occurrences: Occurrences, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = occurrences.next(from); t !== undefined && t <= to; t = occurrences.next(t)) out.push(t);
  return out;
}

// Transitions in 2026 (UTC): New York 03-08 07:00 / 11-01 06:00, Berlin 03-29 01:00 / 10-25 01:00,
// Lord Howe (30 min) 04-04 15:00 / 10-03 15:30, Santiago (at local midnight) 04-05 03:00 / 09-06 04:00,
// Troll (2 h) 03-29 01:00 / 10-25 01:00.
const transitions: Array<[string, string]> = [
  ['America/New_York', '2026-03-08T07:00:00Z'],
  ['America/New_York', '2026-11-01T06:00:00Z'],
  ['Europe/Berlin', '2026-03-29T01:00:00Z'],
  ['Europe/Berlin', '2026-10-25T01:00:00Z'],
  ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
  ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
  ['America/Santiago', '2026-04-05T03:00:00Z'],
  ['America/Santiago', '2026-09-06T04:00:00Z'],
  ['Antarctica/Troll', '2026-03-29T01:00:00Z'],
  ['Antarctica/Troll', '2026-10-25T01:00:00Z'],
  ['Asia/Seoul', '2026-03-08T07:00:00Z'],
];

const patterns: Array<[string, boolean]> = [
  ['0 * * * *', true],
  ['*/30 * * * *', true],
  ['*/7 * * * *', true],
  ['30 2 * * *', false],
  ['30 1 * * *', false],
  ['0,30 2 * * *', false],
  ['20,40 2 * * *', false],
  ['5,40 1-3 * * *', false],
  ['0 0 * * *', false],
  ['30 23 * * *', false],
  ['* 1 * * *', false],
  ['15 0-3 * * 0', false],
];

describe('Occurrences against a brute-force definition around DST changes', () => {
  for (const [timezone, change] of transitions) {
    it(`${timezone} around ${change}`, () => {
      const from = at(change) - 30 * HOUR;
      const to = at(change) + 30 * HOUR;
      for (const [expression, everyHour] of patterns) {
        const occurrences = new Occurrences(expression, timezone);
        const expected = oracle(expression, timezone, from, to, everyHour).map(iso);
        expect({ expression, got: chain(occurrences, from, to).map(iso) }).toEqual({
          expression,
          got: expected,
        });
        // previous() is the mirror image: the latest occurrence at or before an instant.
        for (let i = 1; i < expected.length; i++) {
          const t = at(expected[i]!);
          expect(iso(occurrences.previous(t)!)).toBe(expected[i]);
          expect(iso(occurrences.previous(t - 1)!)).toBe(expected[i - 1]);
        }
      }
    });
  }

  it('6-field expressions second by second through both New York changes', () => {
    for (const change of ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z']) {
      for (const [expression, everyHour] of [
        ['*/20 * * * * *', true],
        ['10 30 1-2 * * *', false],
      ] as const) {
        const occurrences = new Occurrences(expression, 'America/New_York');
        const from = at(change) - 2 * HOUR;
        const to = at(change) + 2 * HOUR;
        expect(chain(occurrences, from, to).map(iso)).toEqual(
          oracle(expression, 'America/New_York', from, to, everyHour, 1000).map(iso),
        );
      }
    }
  });
});

describe('Occurrences', () => {
  it('reads 5 fields with minute first and 6 fields with seconds first', () => {
    expect(iso(new Occurrences('15 10 * * *', 'UTC').next(at('2026-01-05T00:00:00Z'))!)).toBe(
      '2026-01-05T10:15:00Z',
    );
    expect(iso(new Occurrences('15 10 * * * *', 'UTC').next(at('2026-01-05T00:00:00Z'))!)).toBe(
      '2026-01-05T00:10:15Z',
    );
  });

  it('is strictly after the given instant and ignores milliseconds', () => {
    const everySecond = new Occurrences('* * * * * *', 'Asia/Seoul');
    expect(iso(everySecond.next(at('2026-01-05T00:00:00Z'))!)).toBe('2026-01-05T00:00:01Z');
    expect(iso(everySecond.next(at('2026-01-05T00:00:00.400Z'))!)).toBe('2026-01-05T00:00:01Z');
  });

  it('jumps across months and years without stepping through every day', () => {
    const leapDay = new Occurrences('0 12 29 2 *', 'Europe/Berlin');
    expect(iso(leapDay.next(at('2026-03-01T00:00:00Z'))!)).toBe('2028-02-29T11:00:00Z');
    const july = new Occurrences('0 12 1 7 *', 'America/New_York');
    expect(iso(july.next(at('2026-01-01T00:00:00Z'))!)).toBe('2026-07-01T16:00:00Z');
    expect(iso(july.previous(at('2026-12-31T00:00:00Z'))!)).toBe('2026-07-01T16:00:00Z');
  });

  it('gives the local date of an occurrence in its timezone', () => {
    const seoul = new Occurrences('30 7 * * *', 'Asia/Seoul');
    const first = seoul.next(at('2026-01-05T00:00:00Z'))!;
    expect(iso(first)).toBe('2026-01-05T22:30:00Z');
    expect(seoul.zone.localDate(first)).toBe('2026-01-06');
  });

  it('rejects a bad expression or timezone with a clear error', () => {
    expect(() => new Occurrences('61 * * * *', 'UTC')).toThrow(
      /invalid cron "61 \* \* \* \*": invalid value for minute/i,
    );
    expect(() => new Occurrences('0 8 * * *', 'Mars/Olympus')).toThrow('invalid timezone "Mars/Olympus"');
  });
});
