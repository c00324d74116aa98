import { type ChildProcess, fork } from 'node:child_process';
import module from 'node:module';
import type { FromThreadHost, ThreadSpawn, ToThreadHost } from '../../contracts/thread-host-ipc.ts';
import { modulePath } from '../../platform/module-path.ts';
import { appEnvironment } from '../app-env.ts';
import { ThreadChild } from './thread-child.ts';

const HOST = modulePath(import.meta.url, '../../sdk/host/thread-host.ts');

/**
 * The daemon's side of the shared app host that runs `isolation: thread` apps as worker threads.
 * The host process is forked with the first thread app and ends with the last one, so a daemon
 * without thread apps has no host. If the host dies, every app in it ends as a crash (and each
 * restarts with its own backoff, in a new host).
 */
export class ThreadHost {
  private host: ChildProcess | null = null;
  private readonly threads = new Map<number, { child: ThreadChild; host: ChildProcess }>();
  private nextId = 1;

  /** Starts an app in a new worker of the host (forking the host first if there is none). */
  spawn(spec: ThreadSpawn): ThreadChild {
    const host = this.host ?? this.forkHost();
    const id = this.nextId++;
    const thread = new ThreadChild({
      pid: host.pid,
      send: (msg, callback) => this.post(host, { t: 'to', id, msg }, callback),
      terminate: () => this.post(host, { t: 'terminate', id }, () => {}),
    });
    this.threads.set(id, { child: thread, host });
    this.post(host, { t: 'spawn', id, spawn: spec }, () => {});
    return thread;
  }

  /** The host's pid while it runs (tests and `status` use it). */
  get pid(): number | null {
    return this.host?.pid ?? null;
  }

  private post(host: ChildProcess, message: ToThreadHost, callback: (err: Error | null) => void): boolean {
    if (!host.connected) {
      callback(new Error('the app host has ended'));
      return false;
    }
    return host.send(message, callback);
  }

  private forkHost(): ChildProcess {
    // The daemon's compile cache, if it has one, serves the host and its workers too (sdk/host/boot.ts).
    const cacheDir = module.getCompileCacheDir();
    const host = fork(HOST, cacheDir ? [cacheDir] : [], {
      execArgv: ['--disable-warning=ExperimentalWarning'],
      serialization: 'advanced',
      // Workers' output comes over IPC, tagged by app; the host itself prints only if Node fails.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Each worker gets its own app's environment; the host needs none of the daemon's secrets.
      env: appEnvironment(process.env),
    });
    this.host = host;
    host.on('message', (message: FromThreadHost) => this.onMessage(message));
    host.on('error', (err) => {
      // No pid: the host never started (Node reports that as an error, without an exit), and so
      // neither did its apps. Any other error is a failed send, which its callback reports.
      if (host.pid === undefined) this.release(host, (child) => child.fail(err));
    });
    host.on('exit', (code, signal) => this.onHostExit(host, code, signal));
    // The host must not keep the daemon (or a test run) alive; it exits when the daemon's end closes its IPC.
    host.unref();
    host.channel?.unref();
    return host;
  }

  private onMessage(message: FromThreadHost): void {
    const thread = this.threads.get(message.id)?.child;
    if (!thread) return;
    if (message.t === 'from') thread.receive(message.msg);
    else if (message.t === 'out') thread.write(message.fd, message.data);
    else if (message.t === 'exit') {
      this.threads.delete(message.id);
      thread.end(message.code, message.signal);
      if (this.threads.size === 0) this.closeHost();
    }
  }

  /** No thread app is left: the host goes (it exits when its IPC closes). */
  private closeHost(): void {
    const host = this.host;
    this.host = null;
    if (host?.connected) host.disconnect();
  }

  private onHostExit(host: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    // Each thread reads as killed: the host's own signal (SIGABRT) would pass for the app's heap limit.
    this.release(host, (child) =>
      child.end(null, 'SIGKILL', `the app host process ${how}, ending every thread app in it`),
    );
  }

  /** The host is gone: every app that ran in it ends (`end`). */
  private release(host: ChildProcess, end: (child: ThreadChild) => void): void {
    if (this.host === host) this.host = null;
    for (const [id, thread] of this.threads) {
      if (thread.host !== host) continue;
      this.threads.delete(id);
      end(thread.child);
    }
  }
}

/** The daemon's one app host for thread apps. */
export const threadHost = new ThreadHost();
