import { describe, expect, it } from 'vitest';
import { durationSchema, millisecondsSchema, parseDuration } from './duration.ts';
import { appSchema } from './schema.ts';

describe('durations in the config', () => {
  it('reads a number with a unit, or a plain number of seconds', () => {
    expect(['300ms', '1s', '1.5s', '10m', '2h', '1d'].map(parseDuration)).toEqual([
      300, 1000, 1500, 600_000, 7_200_000, 86_400_000,
    ]);
    expect(parseDuration('10')).toBeUndefined();
    const schema = durationSchema('test');
    expect(schema.parse('5m')).toBe(300_000);
    expect(schema.parse(90)).toBe(90_000);
    expect(schema.parse(1.5)).toBe(1500);
    expect(schema.safeParse('5 minutes').success).toBe(false);
    expect(schema.safeParse(-1).success).toBe(false);
  });
});

describe('memory sizes in the config', () => {
  it('reads KB, MB and GB as whole megabytes', () => {
    const schema = appSchema.shape.memoryLimit;
    expect(['512MB', '2GB', '1.5gb', '2048KB'].map((v) => schema.parse(v))).toEqual([512, 2048, 1536, 2]);
    expect(schema.safeParse('512').success).toBe(false);
    expect(schema.safeParse('lots').success).toBe(false);
  });
});

describe('delivery durations', () => {
  it('keep a plain number as milliseconds and read units like everywhere else', () => {
    const schema = millisecondsSchema('test');
    expect([schema.parse(250), schema.parse('90s'), schema.parse('5m')]).toEqual([250, 90_000, 300_000]);
    expect(schema.safeParse(0).success).toBe(false);
  });
});
