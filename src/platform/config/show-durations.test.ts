import { describe, expect, it } from 'vitest';
import { durationSchema } from './duration.ts';
import { formatDuration, showDurations } from './show-durations.ts';

describe('durations in config show', () => {
  it('print with the largest exact unit, which reads back as the same value', () => {
    const values = [0, 1500, 1000, 90_000, 600_000, 3_600_000, 86_400_000];
    expect(values.map(formatDuration)).toEqual(['0s', '1500ms', '1s', '90s', '10m', '1h', '1d']);
    const schema = durationSchema('test');
    for (const ms of values) expect(schema.parse(formatDuration(ms))).toBe(ms);
  });

  it('rewrites the duration keys, apps and connections included, and nothing else', () => {
    const config = {
      lockWait: 10_000,
      timeouts: { run: 600_000, start: 30_000 },
      apps: { a: { stopTimeout: 10_000, timeouts: { run: 120_000 }, memoryLimit: 512 } },
      connections: { hook: { rateLimit: 120, maxRetryAfter: 900_000 } },
      http: { port: 8080 },
    };
    showDurations(config);
    expect(config).toEqual({
      lockWait: '10s',
      timeouts: { run: '10m', start: '30s' },
      apps: { a: { stopTimeout: '10s', timeouts: { run: '2m' }, memoryLimit: 512 } },
      connections: { hook: { rateLimit: 120, maxRetryAfter: '15m' } },
      http: { port: 8080 },
    });
  });
});
