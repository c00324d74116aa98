import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** `300ms`, `1s`, `10m`, `2h`, `1d` → milliseconds; undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (UNITS[match[2]!] ?? Number.NaN));
}

/**
 * A length of time in the config: a string with a unit (`90s`, `10m`, `1h`) or a plain number of
 * seconds (`90`), as people write timeouts. Parsed to milliseconds; defaults are given in ms.
 */
export function durationSchema(description: string) {
  return z
    .union([
      z.number().min(0),
      z.string().regex(PATTERN, {
        message: 'expected a duration such as 300ms, 90s, 10m, 1h or a number of seconds',
      }),
    ])
    .transform((value) =>
      typeof value === 'number' ? Math.round(value * 1000) : (parseDuration(value) ?? 0),
    )
    .meta({ description });
}

/**
 * `delivery`'s older form: a plain number is milliseconds (as it always was there, so existing
 * configs keep their meaning); a string with a unit works as everywhere else.
 */
export function millisecondsSchema(description: string, min = 1) {
  return z
    .union([
      z.number().int().min(min),
      z
        .string()
        .regex(PATTERN, { message: 'expected a duration such as 300ms, 90s or 10m, or milliseconds' }),
    ])
    .transform((value) => (typeof value === 'number' ? value : (parseDuration(value) ?? 0)))
    .meta({ description });
}
