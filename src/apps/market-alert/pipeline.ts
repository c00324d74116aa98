import { type AppContext, localDateTime, type PortableMessage } from 'opsbot';
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

/**
 * The processor: journal → maintenance → coalescing → rules → ctx.notify → journal removal, one
 * alert at a time in arrival order (a single serial queue, which also runs the coalescing and
 * maintenance timers, so their state never races). Listeners only call accept(), which resolves
 * once the alert is journaled; processing follows asynchronously.
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

  private readonly ctx: AppContext<MarketAlertOptions>;

  constructor(ctx: AppContext<MarketAlertOptions>) {
    this.ctx = ctx;
    const o = ctx.options;
    this.journal = new Journal(ctx.store, ctx.clock);
    this.router = new Router(o.rules, { targets: o.target, title: o.title, template: o.template });
    const schedule = (task: () => Promise<void>) => this.schedule(task);
    this.coalescer = new Coalescer({
      store: ctx.store,
      clock: ctx.clock,
      windowMs: o.coalesce,
      schedule,
      summarize: (entry) => this.summarizeRepeats(entry),
    });
    this.maintenance = new Maintenance(o.maintenance, o.timezone, {
      store: ctx.store,
      clock: ctx.clock,
      schedule,
      summarize: (window) => this.summarizeWindow(window),
    });
  }

  /** Loads durable state and queues the journal's leftovers ahead of anything new. */
  async recover(): Promise<number> {
    await this.coalescer.load();
    await this.maintenance.load();
    const leftovers = await this.journal.leftovers();
    for (const alert of leftovers) this.schedule(() => this.process(alert));
    this.counters.replayed += leftovers.length;
    if (leftovers.length) this.ctx.log.info({ count: leftovers.length }, 'replaying journaled alerts');
    return leftovers.length;
  }

  /** Journals an alert (it is accepted once this resolves) and queues it for processing. */
  async accept(alert: Omit<Alert, 'seq'>): Promise<Alert> {
    const entry = await this.journal.append(alert);
    this.counters.accepted++;
    this.schedule(() => this.process(entry));
    return entry;
  }

  /** Alerts journaled but not yet processed. */
  backlog(): number {
    return this.queued;
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

  private async process(alert: Alert): Promise<void> {
    const window = this.maintenance.windowFor(alert, this.ctx.clock.now());
    if (window) {
      if (await this.maintenance.hold(alert, window)) this.counters.held++;
      await this.journal.remove(alert.seq);
      return;
    }
    const offer = await this.coalescer.offer(alert);
    if (offer === 'counted') this.counters.coalesced++;
    if (offer === 'send') {
      const route = this.router.route(alert);
      const ok = await this.deliver(route.targets, render(alert, route, this.ctx.options.timezone), alert);
      if (ok) await this.coalescer.opened(alert);
    }
    await this.journal.remove(alert.seq);
  }

  /**
   * Hands a message to the outbox for each target. A target that fails (unknown name, store
   * error) is logged and the alert parked under `x/<seq>` for a person to look at, so one bad
   * target cannot block the queue forever.
   */
  private async deliver(targets: string[], message: PortableMessage, alert?: Alert): Promise<boolean> {
    const failed: Array<{ target: string; error: string }> = [];
    for (const target of targets) {
      try {
        await this.ctx.notify(target, message);
        this.counters.notified++;
      } catch (err) {
        failed.push({ target, error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (!failed.length) return true;
    this.counters.failed++;
    this.ctx.log.error({ failed, title: message.title }, 'alert could not be queued for some targets');
    if (alert) await this.ctx.store.set(`x/${String(alert.seq).padStart(16, '0')}`, { alert, failed });
    return false;
  }

  private async summarizeRepeats(entry: CoalesceEntry): Promise<void> {
    const route = this.router.route(entry.first);
    const message = render(entry.first, route, this.ctx.options.timezone, {
      count: entry.count,
      windowMs: this.ctx.options.coalesce,
    });
    await this.deliver(route.targets, message);
  }

  /** One summary per target, listing the held groups routed to it. */
  private async summarizeWindow(window: HeldWindow): Promise<void> {
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
      await this.deliver([target], {
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
