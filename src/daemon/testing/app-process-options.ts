import { systemClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import type { AppProcessOptions } from '../app-process.ts';

/**
 * AppProcess options for a test of `module` named `app`; `more` replaces any of them. The daemon
 * side answers only what every app asks at start (its kv list, for open dialogs).
 */
export function testAppOptions(
  app: string,
  module: string,
  more: Partial<AppProcessOptions>,
): AppProcessOptions {
  return {
    init: { app, module, options: {}, timezone: 'UTC', logLevel: 'info' },
    output: { write: () => {} },
    stopTimeout: 2000,
    clock: systemClock,
    log: silentLogger(),
    hostCall: async (method) => (method === 'kv.list' ? [] : undefined),
    onReady: () => {},
    onState: () => {},
    onCrash: () => {},
    restart: { backoff: 100, maxBackoff: 100 },
    isolation: 'process',
    ...more,
  };
}
