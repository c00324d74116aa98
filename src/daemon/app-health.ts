/**
 * What an app process's liveness looks like from the daemon: heartbeats over IPC (a blocked event
 * loop stops sending them) and why the last process ended, in words for `status`.
 */
export class AppHealth {
  private lastBeat: number | null = null;
  /** Heartbeat silence (ms) after which the app counts as unresponsive; 0 = never. */
  private readonly unresponsiveAfter: number;
  /** The app's heap limit in MB (config `memoryLimit`), if any. */
  private readonly memoryLimitMb: number | undefined;

  constructor(unresponsiveAfter: number, memoryLimitMb: number | undefined) {
    this.unresponsiveAfter = unresponsiveAfter;
    this.memoryLimitMb = memoryLimitMb;
  }

  /** A new process started: its silence counts from now. */
  reset(now: number): void {
    this.lastBeat = now;
  }

  beat(now: number): void {
    this.lastBeat = now;
  }

  /** The event loop has not answered for longer than the threshold (a `while (true)`, a sync loop). */
  unresponsive(now: number): boolean {
    if (!this.unresponsiveAfter || this.lastBeat === null) return false;
    return now - this.lastBeat > this.unresponsiveAfter;
  }

  /** V8 aborts a process that reaches its heap limit: with a limit set, SIGABRT (or code 134, a thread's) means that. */
  exitReason(code: number | null, signal: NodeJS.Signals | null): string | null {
    if (this.memoryLimitMb && (signal === 'SIGABRT' || code === 134)) {
      return `heap went over memoryLimit (${this.memoryLimitMb}MB)`;
    }
    return null;
  }

  /** Node flags for the child: its heap limit. */
  execArgv(): string[] {
    return this.memoryLimitMb ? [`--max-old-space-size=${this.memoryLimitMb}`] : [];
  }

  /** The same limit for a worker thread (`isolation: thread`); its host reports a stop at it as code 134. */
  threadLimits(): { memoryLimitMb?: number } {
    return this.memoryLimitMb ? { memoryLimitMb: this.memoryLimitMb } : {};
  }
}
