import path from 'node:path';
import type { ArgsOf, ControlApi, ControlMethod, ResultOf } from '../contracts/daemon-api/index.ts';
import { controlExchange } from '../daemon/control.ts';
import { acquireLock, describeHolder, tryLock } from '../daemon/lock.ts';
import { daemonPaths } from '../daemon/paths.ts';
import type { StoreMethod } from '../daemon/store-methods.ts';
import { BUILD_ID } from '../platform/build-id.ts';
import { OpsbotError } from '../platform/errors.ts';
import { findConfigFile, readDataDir } from './config-locate.ts';

/** The config file, its dataDir and the control socket a command talks to. */
export function target(configOption?: string) {
  const file = findConfigFile(configOption);
  const dataDir = readDataDir(file);
  return {
    file,
    dataDir,
    ...daemonPaths(dataDir),
    configDir: path.dirname(file),
  };
}

/**
 * Calls the daemon's control API (src/contracts/daemon-api/control.ts), arguments typed from the
 * schema map. NOT_RUNNING when no daemon answers. The answer is parsed with the method's result
 * schema unless the daemon is this CLI's own build (see trustsAnswer).
 */
export async function call<K extends ControlMethod>(
  configOption: string | undefined,
  method: K,
  args: ArgsOf<ControlApi, K>,
  timeoutMs?: number,
): Promise<ResultOf<ControlApi, K>> {
  const socket = target(configOption).socket;
  const answer = await controlExchange(socket, method, args, timeoutMs);
  if (trustsAnswer(answer.build, BUILD_ID)) return answer.result as ResultOf<ControlApi, K>;
  const { controlApi, createClient } = await import('../contracts/daemon-api/index.ts');
  return createClient(controlApi, async () => answer.result)(method, args);
}

/**
 * Whether an answer needs no parsing: the daemon was compiled in the same build as this CLI, so its
 * results are of the very schemas the CLI would check them with, and loading zod and the contract's
 * schemas (about 100 ms) would buy nothing. A daemon from another build (started before an upgrade)
 * or from the sources is checked, so a changed contract gives a clear error, not a wrong table.
 */
export function trustsAnswer(daemonBuild: string | undefined, ownBuild: string | undefined): boolean {
  return ownBuild !== undefined && daemonBuild === ownBuild;
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
  const { lock, file } = target(configOption);
  let deadline: number | undefined;
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
    // Counted from the first refusal: a command whose daemon answers never reads lockWait.
    deadline ??= Date.now() + (await lockWaitOf(file));
    if (Date.now() >= deadline) {
      throw new OpsbotError('LOCKED', `${describeHolder(got.holder, lock)}; no daemon answers: try again`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The config's lockWait; its schema (and zod) load only for commands that may take the lock. */
async function lockWaitOf(file: string): Promise<number> {
  return (await import('./lock-wait.ts')).readLockWait(file);
}

/** The store methods without a daemon: the daemon's own handlers, on a store this process opens. */
export function storeLocally<K extends StoreMethod>(
  configOption: string | undefined,
  method: K,
  args: ArgsOf<ControlApi, K>,
): () => Promise<ResultOf<ControlApi, K>> {
  return async () => {
    // Loaded here, not above: a command that finds its daemon running never needs the store's code.
    const [{ loadDaemonConfig }, { storeFor }, { storeMethods }, { exchangeRules }, contracts] =
      await Promise.all([
        import('./config-file.ts'),
        import('../daemon/store-for.ts'),
        import('../daemon/store-methods.ts'),
        import('../engine/calendars/rules-for.ts'),
        import('../contracts/daemon-api/index.ts'),
      ]);
    const { controlApi, createDispatcher } = contracts;
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
  const { lock: lockFile, file } = target(configOption);
  const lock = await acquireLock(lockFile, { owner: 'cli', command }, await lockWaitOf(file));
  try {
    return await work();
  } finally {
    lock.release();
  }
}
