import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { OpsbotError, usageError } from '../../platform/errors.ts';
import { findConfigFile } from '../config-locate.ts';
import { call } from '../daemon-client.ts';
import { printJson, say } from '../output.ts';
import type { RangeOpts } from './holiday.ts';

/**
 * `opsbot holiday sync` (old name `calendarupdate`) is `opsbot do <holiday-checker app> sync`: the
 * app's own action, in the daemon. The daemon alone refreshes the NAVER WORKS tokens (a rotated
 * refresh token is single-use) and the app's event map stays in one writer's hands, so without a
 * daemon this command refuses rather than racing it.
 */

const CHECKER = 'builtin:holiday-checker';

interface SyncResult {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
}

/** --app, else the first app of the config that uses the built-in holiday-checker (no secrets needed). */
function checkerApp(file: string, name: string | undefined): string {
  const doc = parse(readFileSync(file, 'utf8')) as { apps?: Record<string, { use?: string }> } | null;
  const apps = Object.entries(doc?.apps ?? {});
  const found = name ? apps.find(([n]) => n === name) : apps.find(([, a]) => a?.use === CHECKER);
  if (!found) {
    throw usageError(
      name
        ? `no app named "${name}" in the config`
        : `no app uses ${CHECKER}: add one with calendar settings`,
    );
  }
  return found[0];
}

export async function holidaySyncCommand(opts: RangeOpts & { app?: string }) {
  const app = checkerApp(findConfigFile(opts.config), opts.app);
  const args = {
    ...(opts.exchange ? { exchange: opts.exchange } : {}),
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.to ? { to: opts.to } : {}),
  };
  let result: SyncResult;
  try {
    result = (await call(opts.config, 'app.do', { app, action: 'sync', args }, 3600_000)) as SyncResult;
  } catch (err) {
    if (err instanceof OpsbotError && err.code === 'NOT_RUNNING') {
      throw new OpsbotError(
        'NOT_RUNNING',
        `holiday sync runs in the daemon (it is the ${app} app's sync action): start it with opsbot start`,
      );
    }
    throw err;
  }
  if (opts.json) {
    printJson(result);
    return;
  }
  say(
    `calendar synced: ${result.created.length} created, ${result.updated.length} updated, ` +
      `${result.deleted.length} deleted, ${result.unchanged} unchanged`,
  );
}
