import type { Readable } from 'node:stream';
import type { FromApp, ToApp } from '../../contracts/app-ipc.ts';

/**
 * What AppProcess needs of an app's running copy: a child process (`isolation: process`) has it,
 * and so does a ThreadChild, a worker thread in the shared app host (`isolation: thread`).
 */
export interface AppChild {
  /** The process the app runs in: its own, or the shared host's. */
  readonly pid?: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  send(message: ToApp, callback: (err: Error | null) => void): boolean;
  /** SIGTERM asks the app to stop; SIGKILL ends it at once. */
  kill(signal: NodeJS.Signals): boolean;
  on(event: 'message', listener: (message: FromApp) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
}
