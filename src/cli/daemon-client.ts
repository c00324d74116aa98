import path from 'node:path';
import {
  type ArgsOf,
  type ControlApi,
  type ControlMethod,
  controlApi,
  createClient,
  createDispatcher,
  type ResultOf,
} from '../contracts/daemon-api/index.ts';
import { controlRequest } from '../daemon/control.ts';
import { acquireLock, describeHolder, tryLock } from '../daemon/lock.ts';
import { daemonPaths } from '../daemon/paths.ts';
import { storeFor } from '../daemon/store-for.ts';
import { type StoreMethod, storeMethods } from '../daemon/store-methods.ts';
import { exchangeRules } from '../engine/calendars/rules-for.ts';
import { OpsbotError } from '../platform/errors.ts';
import { findConfigFile, loadDaemonConfig, readDataDir, readLockWait } from './config-file.ts';

/** The config file, its dataDir and the control socket a command talks to. */
export function target(configOption?: string) {
  const file = findConfigFile(configOption);
  const dataDir = readDataDir(file);
  return {
    file,
    dataDir,
    ...daemonPaths(dataDir),
    configDir: path.dirname(file),
    lockWait: readLockWait(file),
  };
}

/**
 * Calls the daemon's control API (src/contracts/daemon-api/control.ts): arguments typed from the
 * schema map, the answer parsed with the method's result schema. NOT_RUNNING when no daemon answers.
 */
export function call<K extends ControlMethod>(
  configOption: string | undefined,
  method: K,
  args: ArgsOf<ControlApi, K>,
  timeoutMs?: number,
): Promise<ResultOf<ControlApi, K>> {
  const socket = target(configOption).socket;
  const client = createClient(controlApi, (m, a) => controlRequest(socket, m, a, timeoutMs));
  return client(method, args);
}

function notRunning(err: unknown): boolean {
  return err instanceof OpsbotError && err.code === 'NOT_RUNNING';
}

/**
 * A change goes through the daemon when one answers, so nothing changes behind its back. With no
 * daemon, `local` does it under dataDir/opsbot.lock, which a starting daemon waits for; while the
 * lock is someone else's (a daemon still starting, another CLI), this waits and asks again.
 */
export async function callOrLocal<K extends ControlMethod>(
  configOption: string | undefined,
  method: K,
  args: ArgsOf<ControlApi, K>,
  local: () => Promise<ResultOf<ControlApi, K>>,
): Promise<ResultOf<ControlApi, K>> {
  const { lock, lockWait } = target(configOption);
  const deadline = Date.now() + lockWait;
  for (;;) {
    try {
      return await call(configOption, method, args);
    } catch (err) {
      if (!notRunning(err)) throw err;
    }
    const got = tryLock(lock, { owner: 'cli', command: `opsbot ${method.replace('.', ' ')}` });
    if ('release' in got) {
      try {
        return await local();
      } finally {
        got.release();
      }
    }
    if (Date.now() >= deadline) {
      throw new OpsbotError('LOCKED', `${describeHolder(got.holder, lock)}; no daemon answers: try again`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The store methods without a daemon: the daemon's own handlers, on a store this process opens. */
export function storeLocally<K extends StoreMethod>(
  configOption: string | undefined,
  method: K,
  args: ArgsOf<ControlApi, K>,
): () => Promise<ResultOf<ControlApi, K>> {
  return async () => {
    const config = await loadDaemonConfig(findConfigFile(configOption));
    const store = await storeFor(config);
    try {
      const handlers = storeMethods({
        store,
        exchanges: () => new Set(exchangeRules(config.exchanges).keys()),
        now: () => Date.now(),
      });
      const dispatch = createDispatcher<ControlApi, unknown>(controlApi, handlers);
      return controlApi[method].result.parse(await dispatch(method, args, undefined)) as ResultOf<
        ControlApi,
        K
      >;
    } finally {
      await store.close();
    }
  };
}

/** Store changes: through the daemon, or locally under the lock. */
export function change<K extends StoreMethod>(
  configOption: string | undefined,
  method: K,
  args: ArgsOf<ControlApi, K>,
): Promise<ResultOf<ControlApi, K>> {
  return callOrLocal(configOption, method, args, storeLocally(configOption, method, args));
}

/** Work on the store with no daemon around (the caller checked), holding dataDir/opsbot.lock. */
export async function underLock<T>(
  configOption: string | undefined,
  command: string,
  work: () => Promise<T>,
): Promise<T> {
  const { lock: file, lockWait } = target(configOption);
  const lock = await acquireLock(file, { owner: 'cli', command }, lockWait);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
