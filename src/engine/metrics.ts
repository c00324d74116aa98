import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The daemon's Prometheus metrics (served on GET /metrics). One instance per daemon. */
export class Metrics {
  readonly registry = new Registry();

  /** 1 for the app's current state, 0 for its other states. */
  readonly appState = new Gauge({
    name: 'opsbot_app_state',
    help: 'Current state of each app (1 = in this state)',
    labelNames: ['app', 'state'],
    registers: [this.registry],
  });

  readonly appRestarts = new Counter({
    name: 'opsbot_app_restarts_total',
    help: 'Times an app process was restarted after it exited unexpectedly',
    labelNames: ['app'],
    registers: [this.registry],
  });

  readonly runs = new Counter({
    name: 'opsbot_runs_total',
    help: 'Finished app runs by outcome',
    labelNames: ['app', 'outcome'],
    registers: [this.registry],
  });

  readonly outboxDepth = new Gauge({
    name: 'opsbot_outbox_depth',
    help: 'Outbox items by status',
    labelNames: ['status'],
    registers: [this.registry],
  });

  readonly deliveryLatency = new Histogram({
    name: 'opsbot_delivery_latency_seconds',
    help: 'Time from enqueue to successful delivery',
    labelNames: ['connection'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  readonly deliveryAttempts = new Counter({
    name: 'opsbot_delivery_attempts_total',
    help: 'Delivery attempts by result (delivered, retry, dead)',
    labelNames: ['connection', 'result'],
    registers: [this.registry],
  });

  readonly inbound = new Counter({
    name: 'opsbot_inbound_total',
    help: 'Inbound callbacks by connection and result (accepted, duplicate, rejected)',
    labelNames: ['connection', 'result'],
    registers: [this.registry],
  });

  readonly logLinesDropped = new Counter({
    name: 'opsbot_log_lines_dropped_total',
    help: 'Log lines that could not be written (disk full, unwritable log folder) by log file',
    labelNames: ['log'],
    registers: [this.registry],
  });

  setAppState(app: string, state: string, states: readonly string[]): void {
    for (const s of states) this.appState.set({ app, state: s }, s === state ? 1 : 0);
  }

  forgetApp(app: string): void {
    this.appState.remove({ app });
    for (const labels of ['starting', 'running', 'stopping', 'stopped', 'backoff', 'crashed', 'standby']) {
      this.appState.remove({ app, state: labels });
    }
  }
}
