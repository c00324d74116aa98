/**
 * How the app host talks to the daemon: over the IPC of its own child process (`isolation:
 * process`), or through the shared app host's port when it runs as a worker thread (`isolation:
 * thread`). Everything else in app-host.ts is the same for both.
 */
import { isMainThread, type MessagePort, parentPort } from 'node:worker_threads';
import type { FromApp, ToApp } from '../../contracts/app-ipc.ts';

export interface AppTransport {
  post(message: FromApp): void;
  /** `onStop`: the daemon asks the app to end (SIGTERM for a process; a thread gets the `stop` message). */
  listen(onMessage: (message: ToApp) => void, onStop: () => void): void;
  /**
   * Where the app's log lines go. A process writes to fd 1 directly; a thread must write to its
   * own stdout stream, since fd 1 belongs to the shared host and would lose which app wrote.
   */
  readonly logDestination: number | { write(line: string): void };
}

function processTransport(): AppTransport {
  return {
    post: (message) => process.send?.(message),
    listen(onMessage, onStop) {
      process.on('message', onMessage);
      process.on('SIGTERM', onStop);
      // The daemon is gone (even kill -9): an app must never outlive it unsupervised.
      process.on('disconnect', () => process.exit(0));
    },
    logDestination: 1,
  };
}

/** In a worker, the host process ends with the daemon and takes its threads along: no `disconnect` here. */
function threadTransport(port: MessagePort): AppTransport {
  return {
    post: (message) => port.postMessage(message),
    listen(onMessage) {
      port.on('message', onMessage);
    },
    logDestination: { write: (line) => process.stdout.write(line) },
  };
}

export const transport: AppTransport =
  isMainThread || !parentPort ? processTransport() : threadTransport(parentPort);
