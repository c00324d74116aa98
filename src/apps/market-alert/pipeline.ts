import { type AppContext, localDateTime } from 'opsbot';
import { Batch } from './batch.ts';
import { type CoalesceEntry, Coalescer } from './coalesce.ts';
import { Journal } from './journal.ts';
import { type HeldWindow, Maintenance } from './maintenance.ts';
import type { MarketAlertOptions } from './options.ts';
import { type Alert, maxSeverity, Router, render } from './rules.ts';

export interface Counters {
  accepted: number;
  malformed: number;
  notified: number;
  coalesced: number;
  held: number;
  failed: number;
  replayed: number;
  connections: number;
}

/** Alerts per step: one commit (one transaction, one round trip) for all of them. */
const BATCH_SIZE = 500;
/** After a failed commit, the wait before the state is read again and the batch retried. */
const RETRY_MS = 1000;

/**
 * The processor: journal → maintenance → coalescing → rules → outbox, in batches. Listeners only
 * call accept(), which resolves once the alert is journaled (journal.ts group-commits those
 * writes). Journaled alerts wait in arrival order; one step takes up to BATCH_SIZE of them, runs
 * each through maintenance, coalescing and the rules in that order (in memory, so every alert sees
 * the state its predecessors left), and commits the whole step with ctx.notifyMany: the messages,
 * the coalescing / maintenance records and the journal removals in one transaction (batch.ts says
 * why that is exactly-once). Steps and the coalescing / maintenance timers share one serial queue,
 * so their state never races, and a timer waits at most one step.
 */
export class Pipeline {
  readonly counters: Counters = {
    accepted: 0,
    malformed: 0,
    notified: 0,
    coalesced: 0,
    held: 0,
    failed: 0,
    replayed: 0,
    connections: 0,
  };
  readonly journal: Journal;
  readonly router: Router;
  readonly coalescer: Coalescer;
  readonly maintenance: Maintenance;
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private stopped = false;
  /** Journaled, not yet committed, in arrival order. */
  private readonly waiting: Alert[] = [];
  private stepQueued = false;
  /** A commit failed: no step runs until the state was read again. */
  private paused = false;

  private readonly ctx: AppContext<MarketAlertOptions>;

  constructor(ctx: AppContext<MarketAlertOptions>) {
    this.ctx = ctx;
    const o = ctx.options;
    this.journal = new Journal(ctx.store, ctx.clock);
    this.router = new Router(o.rules, { targets: o.target, title: o.title, template: o.template });
    const schedule = (task: () => Promise<void>) => this.schedule(task);
    const commit = (batch: Batch) => this.commit(batch);
    this.coalescer = new Coalescer({
      store: ctx.store,
      clock: ctx.clock,
      windowMs: o.coalesce,
      schedule,
      commit,
      summarize: (entry, batch) => this.summarizeRepeats(entry, batch),
    });
    this.maintenance = new Maintenance(o.maintenance, o.timezone, {
      store: ctx.store,
      clock: ctx.clock,
      schedule,
      commit,
      summarize: (window, batch) => this.summarizeWindow(window, batch),
    });
  }

  /** Loads durable state and queues the journal's leftovers ahead of anything new. */
  async recover(): Promise<number> {
    await this.coalescer.load();
    await this.maintenance.load();
    const leftovers = await this.journal.leftovers();
    for (const alert of leftovers) this.waiting.push(alert);
    this.kick();
    this.counters.replayed += leftovers.length;
    if (leftovers.length) this.ctx.log.info({ count: leftovers.length }, 'replaying journaled alerts');
    return leftovers.length;
  }

  /** Journals an alert (it is accepted once this resolves) and queues it for processing. */
  async accept(alert: Omit<Alert, 'seq'>): Promise<Alert> {
    const entry = await this.journal.append(alert);
    this.counters.accepted++;
    this.waiting.push(entry);
    this.kick();
    return entry;
  }

  /** Alerts journaled but not yet processed. */
  backlog(): number {
    return this.waiting.length;
  }

  /** Resolves when the queue is empty (for tests). */
  async idle(): Promise<void> {
    while (this.queued > 0) await this.tail;
  }

  stop(): void {
    this.stopped = true;
    this.coalescer.stop();
    this.maintenance.stop();
  }

  private schedule(task: () => Promise<void>): void {
    this.queued++;
    this.tail = this.tail
      .then(() => (this.stopped ? undefined : task()))
      .catch((err) => this.ctx.log.error({ err: String(err) }, 'market-alert task failed'))
      .finally(() => {
        this.queued--;
      });
  }

  /** Queues one step unless one is queued already (it takes what has arrived by the time it runs). */
  private kick(): void {
    if (this.stepQueued || this.paused || this.waiting.length === 0) return;
    this.stepQueued = true;
    this.schedule(async () => {
      this.stepQueued = false;
      await this.step();
      this.kick();
    });
  }

  private async step(): Promise<void> {
    if (this.paused) return;
    const alerts = this.waiting.splice(0, BATCH_SIZE);
    const batch = new Batch();
    const now = this.ctx.clock.now();
    for (const alert of alerts) await this.plan(alert, batch, now);
    if (await this.commit(batch)) {
      this.counters.held += batch.counts.held;
      this.counters.coalesced += batch.counts.coalesced;
    } else {
      this.waiting.unshift(...alerts);
    }
  }

  /** One alert's part of a step: held, counted, or routed; its journal entry goes in every case. */
  private async plan(alert: Alert, batch: Batch, now: number): Promise<void> {
    batch.delete(Journal.key(alert.seq));
    const window = this.maintenance.windowFor(alert, now);
    if (window) {
      if (await this.maintenance.hold(alert, window, batch)) batch.counts.held++;
      return;
    }
    const offer = await this.coalescer.offer(alert, batch);
    if (offer === 'counted') batch.counts.coalesced++;
    if (offer === 'send') {
      const route = this.router.route(alert);
      batch.notify(route.targets, render(alert, route, this.ctx.options.timezone), alert);
      await this.coalescer.opened(alert, batch);
    }
  }

  /**
   * Hands a batch to the outbox with its state changes, in one transaction. A message whose target
   * fails (unknown name) is logged and its alert parked under `x/<seq>` for a person to look at, so
   * one bad target cannot block the queue. When the commit itself fails, nothing of it was stored:
   * the in-memory state is read again from the store before the next step, and false is returned.
   */
  private async commit(batch: Batch): Promise<boolean> {
    if (batch.empty) return true;
    try {
      const result = await this.ctx.notifyMany(
        batch.messages.map((m) => ({ target: m.target, message: m.message })),
        batch.changes(),
      );
      this.counters.notified += batch.messages.length - result.failed.length;
      if (result.failed.length) await this.park(batch, result.failed);
      return true;
    } catch (err) {
      this.ctx.log.error({ err: String(err), messages: batch.messages.length }, 'could not commit a batch');
      this.pauseAndReload();
      return false;
    }
  }

  private pauseAndReload(): void {
    this.paused = true;
    this.ctx.clock.setTimer(
      () =>
        this.schedule(async () => {
          try {
            await this.coalescer.reload();
            await this.maintenance.reload();
            this.paused = false;
            this.kick();
          } catch (err) {
            this.ctx.log.error({ err: String(err) }, 'could not read the state again');
            this.pauseAndReload();
          }
        }),
      RETRY_MS,
    );
  }

  /** Failed messages: one record per alert (all its failed targets), summaries only logged. */
  private async park(batch: Batch, failed: Array<{ index: number; error: string }>): Promise<void> {
    const byAlert = new Map<Alert | undefined, Array<{ target: string; error: string }>>();
    for (const { index, error } of failed) {
      const m = batch.messages[index]!;
      byAlert.set(m.alert, [...(byAlert.get(m.alert) ?? []), { target: m.target, error }]);
    }
    const set: Array<{ key: string; value: unknown }> = [];
    const forgotten: string[] = [];
    for (const [alert, targets] of byAlert) {
      this.counters.failed++;
      this.ctx.log.error({ failed: targets, seq: alert?.seq }, 'alert could not be queued for some targets');
      if (!alert) continue;
      set.push({ key: `x/${String(alert.seq).padStart(16, '0')}`, value: { alert, failed: targets } });
      const key = this.coalescer.forget(alert);
      if (key) forgotten.push(key);
    }
    try {
      await this.ctx.store.write({ set, delete: forgotten });
    } catch (err) {
      this.ctx.log.error({ err: String(err) }, 'could not park failed alerts');
    }
  }

  private summarizeRepeats(entry: CoalesceEntry, batch: Batch): void {
    const route = this.router.route(entry.first);
    const message = render(entry.first, route, this.ctx.options.timezone, {
      count: entry.count,
      windowMs: this.ctx.options.coalesce,
    });
    batch.notify(route.targets, message);
  }

  /** One summary per target, listing the held groups routed to it. */
  private summarizeWindow(window: HeldWindow, batch: Batch): void {
    const tz = this.ctx.options.timezone;
    const byTarget = new Map<string, HeldWindow['groups']>();
    for (const group of window.groups) {
      const route = this.router.route(group);
      for (const target of route.targets) byTarget.set(target, [...(byTarget.get(target) ?? []), group]);
    }
    const period = `${localDateTime(window.start, tz)} – ${localDateTime(window.end, tz).slice(11)}`;
    for (const [target, groups] of byTarget) {
      const total = groups.reduce((n, g) => n + g.count, 0);
      const lines = groups.map(
        (g) =>
          `${g.count > 1 ? `×${g.count} ` : ''}[${g.type}] ${g.known ? g.source : `${g.source} (unknown)`}: ${g.text}`,
      );
      if (window.overflow) lines.push(`… and ${window.overflow} more alerts not listed`);
      batch.notify([target], {
        title: `${window.name}: ${total + window.overflow} alert(s) held`,
        text: lines.join('\n'),
        severity: maxSeverity(groups.map((g) => g.severity)),
        fields: [
          { name: 'window', value: period },
          { name: 'held', value: String(total + window.overflow), inline: true },
        ],
      });
    }
  }
}
