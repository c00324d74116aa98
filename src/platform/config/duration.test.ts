import { describe, expect, it } from 'vitest';
import { durationSchema, parseDuration } from './duration.ts';

describe('durations in the config', () => {
  it('reads a number with a unit, or plain milliseconds', () => {
    expect(['300ms', '1s', '1.5s', '10m', '2h', '1d'].map(parseDuration)).toEqual([
      300, 1000, 1500, 600_000, 7_200_000, 86_400_000,
    ]);
    expect(parseDuration('10')).toBeUndefined();
    const schema = durationSchema('test');
    expect(schema.parse('5m')).toBe(300_000);
    expect(schema.parse(250)).toBe(250);
    expect(schema.safeParse('5 minutes').success).toBe(false);
    expect(schema.safeParse(-1).success).toBe(false);
  });
});
