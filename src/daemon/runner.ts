import type { Metrics } from '../engine/metrics.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { secretRedactor } from '../platform/redact.ts';
import type { RunOutcome, RunTrigger, Store } from '../platform/store/types.ts';
import type { RunOptions } from './app-process.ts';
import type { Supervisor } from './supervisor.ts';

export interface RunResult {
  runId: number;
  outcome: Exclude<RunOutcome, 'running'>;
  error: string | null;
  durationMs: number;
}

/** Executes one run of an app and keeps its history in the store. */
export class Runner {
  private store: Store;
  private supervisor: Supervisor;
  private clock: Clock;
  private log: Logger;
  private metrics: Metrics;

  /** Cluster mode: this node's id, recorded with each run it starts. */
  private node: string | undefined;

  constructor(deps: {
    store: Store;
    supervisor: Supervisor;
    clock: Clock;
    log: Logger;
    metrics: Metrics;
    node?: string | undefined;
  }) {
    this.node = deps.node;
    this.store = deps.store;
    this.supervisor = deps.supervisor;
    this.clock = deps.clock;
    this.log = deps.log;
    this.metrics = deps.metrics;
  }

  async run(
    app: string,
    trigger: RunTrigger,
    scheduledAt: number | null = null,
    opts: RunOptions = {},
  ): Promise<RunResult> {
    const entry = this.supervisor.get(app);
    // Due while its app is still coming up (the daemon does not wait for apps when it starts).
    if (entry.process.state === 'starting') await entry.process.whenSettled();
    const startedAt = this.clock.now();
    const node = this.node;
    const runId = await this.store.runs.start({
      app,
      trigger,
      scheduledAt,
      startedAt,
      ...(node ? { node } : {}),
    });
    let outcome: RunResult['outcome'];
    let error: string | null = null;
    if (entry.process.state !== 'running') {
      outcome = 'error';
      error = `app is not running (${entry.process.state})`;
    } else if (entry.process.ready && !entry.process.ready.hasRun) {
      outcome = 'error';
      error = 'app has no run()';
    } else {
      const limit = this.supervisor.runTimeout(app);
      const result = await this.withTimeout(
        entry.process.run(runId, { ...opts, occurrence: scheduledAt }),
        limit,
      );
      if (result === 'timeout') {
        outcome = 'timed-out';
        error = `run did not finish within ${formatSeconds(limit)}; the app was killed and is restarting`;
        // The app may be stuck in a loop that never yields: only a new process gets it back.
        entry.process.kill(`run ${runId} timed out after ${formatSeconds(limit)}`);
      } else {
        outcome = result.ok ? 'ok' : result.crashed ? 'crashed' : 'error';
        error = result.error ?? null;
      }
    }
    const endedAt = this.clock.now();
    // An app's error text may quote a secret it was given (a connection's token in a URL).
    await this.store.runs.finish(runId, { endedAt, outcome, error: error && secretRedactor.redact(error) });
    this.metrics.runs.inc({ app, outcome });
    if (outcome !== 'ok') this.log.warn({ app, runId, outcome, error }, 'run did not succeed');
    return { runId, outcome, error, durationMs: endedAt - startedAt };
  }

  /** An occurrence that did not run (overlap or closed calendar), kept in history so status shows it. */
  async skipped(app: string, scheduledAt: number, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.store.runs.record({
      app,
      trigger: 'schedule',
      scheduledAt,
      startedAt: now,
      endedAt: now,
      outcome: 'skipped',
      error: reason,
    });
    this.metrics.runs.inc({ app, outcome: 'skipped' });
  }

  private withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
    if (!ms) return work;
    return new Promise((resolve) => {
      const cancel = this.clock.setTimer(() => resolve('timeout'), ms);
      work.then((v) => {
        cancel();
        resolve(v);
      });
    });
  }
}

function formatSeconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}
