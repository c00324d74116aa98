import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../contracts/daemon-api/index.ts';
import { unhealthyLines } from './unhealthy.ts';

const app = (over: Partial<AppStatus>): AppStatus => ({
  app: 'a',
  state: 'running',
  pid: 1,
  uptimeMs: 1,
  restarts: 0,
  lastRun: null,
  nextRun: null,
  error: null,
  restartReason: null,
  ...over,
});

describe('apps that are not up after start or reload', () => {
  it('names crash-looping and crashed apps with their error, and nothing for running ones', () => {
    expect(
      unhealthyLines([
        app({}),
        app({ app: 'loop', state: 'backoff', restarts: 2, error: 'boom (exited with code 1)' }),
        app({ app: 'bad', state: 'crashed', error: 'with.n: expected number' }),
        app({ app: 'again', state: 'starting', restarts: 1, error: 'boom (exited with code 1)' }),
        app({ app: 'new', state: 'starting' }),
      ]),
    ).toEqual([
      'opsbot: app loop is crash-looping (restarting with backoff): boom (exited with code 1)',
      'opsbot: app bad crashed and stays down until it is fixed (opsbot restart bad): with.n: expected number',
      'opsbot: app again is crash-looping (restarting with backoff): boom (exited with code 1)',
    ]);
  });
});
