import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FromApp, ToApp } from '../../contracts/app-ipc.ts';
import type { AppChild } from './app-child.ts';

/** How a ThreadChild reaches its worker through the shared host. */
export interface ThreadLink {
  readonly pid: number | undefined;
  send(message: ToApp, callback: (err: Error | null) => void): boolean;
  terminate(): void;
}

/**
 * One `isolation: thread` app as AppProcess sees it: a child-process look-alike whose messages,
 * output and exit come from its worker in the shared app host (ThreadHost routes them here).
 */
export class ThreadChild extends EventEmitter implements AppChild {
  readonly pid: number | undefined;
  readonly stdout = new PassThrough({ encoding: 'utf8' });
  readonly stderr = new PassThrough({ encoding: 'utf8' });
  private exited = false;
  private readonly link: ThreadLink;

  constructor(link: ThreadLink) {
    super();
    this.link = link;
    this.pid = link.pid;
  }

  send(message: ToApp, callback: (err: Error | null) => void): boolean {
    if (this.exited) {
      callback(new Error('the app thread has ended'));
      return false;
    }
    return this.link.send(message, callback);
  }

  /** A thread has no signals: SIGTERM is the app host's own stop request; anything else terminates the worker. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    if (this.exited) return false;
    if (signal === 'SIGTERM') return this.link.send({ t: 'stop' }, () => {});
    this.link.terminate();
    return true;
  }

  /** From ThreadHost: a message of the app. */
  receive(message: FromApp): void {
    if (!this.exited) this.emit('message', message);
  }

  /** From ThreadHost: output of the app (fd 1 or 2). */
  write(fd: 1 | 2, data: string): void {
    if (!this.exited) (fd === 1 ? this.stdout : this.stderr).write(data);
  }

  /** From ThreadHost: the host process could not be started, so neither could this app (no exit follows, as for a process). */
  fail(err: Error): void {
    if (this.exited) return;
    this.exited = true;
    this.stdout.end();
    this.stderr.end();
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  /** From ThreadHost: the worker ended, or the whole host did (`reason` then says so). */
  end(code: number | null, signal: NodeJS.Signals | null, reason?: string): void {
    if (this.exited) return;
    this.exited = true;
    this.stdout.end();
    this.stderr.end();
    if (reason && this.listenerCount('error') > 0) this.emit('error', new Error(reason));
    this.emit('exit', code, signal);
  }
}
