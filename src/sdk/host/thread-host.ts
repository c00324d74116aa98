/**
 * The shared app host of `isolation: thread` apps: one child process of the daemon that runs each
 * such app in a worker thread of its own (boot.ts, the same entry an app process starts with), and
 * relays each worker's IPC messages and output to the daemon, tagged with the worker's id.
 *
 * It stays lean on purpose: the cost of the host is paid once for all its apps, so it loads only
 * Node's worker module, never the SDK (each worker loads that for itself).
 */
import module from 'node:module';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import type { ToApp } from '../../contracts/app-ipc.ts';
import {
  EXIT_OUT_OF_MEMORY,
  type FromThreadHost,
  type ThreadSpawn,
  type ToThreadHost,
} from '../../contracts/thread-host-ipc.ts';
import { modulePath } from '../../platform/module-path.ts';

const BOOT = modulePath(import.meta.url, './boot.ts');
/**
 * The daemon's compile cache, named as our argument (see boot.ts), else Node's default folder; each
 * worker gets it the same way. Not only for speed: a worker served from the cache never loads the
 * TypeScript stripper, about 10 MB of every thread app's memory.
 */
const cacheDir = module.enableCompileCache(process.argv[2] || undefined).directory;

/** Young generation cap (MB) of each worker: an idle app keeps its young space, so a small one saves memory. */
const YOUNG_GENERATION_MB = 4;

interface Thread {
  worker: Worker;
  /** The app's memoryLimit in bytes, if it has one. */
  heapLimit: number | null;
  /** The daemon terminated it: the exit reads as SIGKILL. */
  terminated: boolean;
  outOfMemory: boolean;
}

const threads = new Map<number, Thread>();

/**
 * A worker's own heap limit (resourceLimits) is best-effort: an allocation racing past it can abort
 * the whole process, and every app in it (nodejs/node#47224). So V8's limit is set well above the
 * app's memoryLimit, and this check ends a worker once its heap passes memoryLimit. It works in a
 * busy loop: getHeapStatistics() interrupts the worker's thread, and terminate() stops it there.
 */
const HEAP_CHECK_EVERY = 100;
let heapCheck: NodeJS.Timeout | null = null;

function v8Ceiling(memoryLimitMb: number): number {
  return memoryLimitMb * 2 + 32;
}

function checkHeaps(): void {
  const limited = [...threads.values()].filter((t) => t.heapLimit !== null);
  if (limited.length === 0 && heapCheck) {
    clearInterval(heapCheck);
    heapCheck = null;
  }
  for (const thread of limited) {
    thread.worker.getHeapStatistics().then(
      (heap) => {
        if (thread.outOfMemory || heap.used_heap_size <= (thread.heapLimit ?? Infinity)) return;
        thread.outOfMemory = true;
        void thread.worker.terminate();
      },
      () => {}, // the worker ended meanwhile
    );
  }
}

function post(message: FromThreadHost): void {
  process.send?.(message);
}

function spawn(id: number, spec: ThreadSpawn): void {
  let worker: Worker;
  try {
    worker = new Worker(BOOT, {
      argv: cacheDir ? [cacheDir] : [],
      env: spec.env,
      stdout: true,
      stderr: true,
      resourceLimits: {
        maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
        ...(spec.memoryLimitMb ? { maxOldGenerationSizeMb: v8Ceiling(spec.memoryLimitMb) } : {}),
      },
    });
  } catch (err) {
    post({
      t: 'out',
      id,
      fd: 2,
      data: `opsbot: could not start the worker of ${spec.app}: ${String(err)}\n`,
    });
    post({ t: 'exit', id, code: 1, signal: null });
    return;
  }
  const heapLimit = spec.memoryLimitMb ? spec.memoryLimitMb * 1024 ** 2 : null;
  const thread: Thread = { worker, heapLimit, terminated: false, outOfMemory: false };
  threads.set(id, thread);
  if (heapLimit && !heapCheck) heapCheck = setInterval(checkHeaps, HEAP_CHECK_EVERY).unref();
  relay(id, worker.stdout, 1);
  relay(id, worker.stderr, 2);
  worker.on('message', (msg) => post({ t: 'from', id, msg }));
  worker.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') thread.outOfMemory = true;
    // What an uncaught error prints in a process, so the app's log says why it ended.
    else post({ t: 'out', id, fd: 2, data: `${err.stack ?? err}\n` });
  });
  worker.on('exit', (code) => {
    threads.delete(id);
    // Lines written just before the end arrive after the exit event: report the exit after them.
    const drained = Promise.all([finished(worker.stdout), finished(worker.stderr)]).catch(() => {});
    const late = new Promise((r) => setTimeout(r, 1000).unref());
    void Promise.race([drained, late]).then(() => {
      if (thread.terminated && !thread.outOfMemory) post({ t: 'exit', id, code: null, signal: 'SIGKILL' });
      else post({ t: 'exit', id, code: thread.outOfMemory ? EXIT_OUT_OF_MEMORY : code, signal: null });
    });
  });
}

function relay(id: number, stream: Readable, fd: 1 | 2): void {
  stream.setEncoding('utf8');
  stream.on('data', (data: string) => post({ t: 'out', id, fd, data }));
}

process.on('message', (message: ToThreadHost) => {
  if (message.t === 'spawn') {
    spawn(message.id, message.spawn);
  } else if (message.t === 'to') {
    threads.get(message.id)?.worker.postMessage(message.msg satisfies ToApp);
  } else if (message.t === 'terminate') {
    const thread = threads.get(message.id);
    if (!thread) return;
    thread.terminated = true;
    void thread.worker.terminate();
  }
});

// The daemon is gone (even kill -9): no app may outlive it unsupervised; exiting ends every worker.
process.on('disconnect', () => process.exit(0));
