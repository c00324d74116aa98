import type { InboundEvent } from '../connectors/types.ts';
import type { AppReady } from '../contracts/app-ipc.ts';
import { wants } from '../contracts/routing.ts';
import type { Clock } from '../platform/clock.ts';
import { errorMessage } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
import type { AppProcess } from './app-process.ts';

/** What the router needs of an app: its name and its process. */
export interface RoutableApp {
  readonly name: string;
  readonly process: Pick<AppProcess, 'state' | 'ready' | 'registered' | 'deliver'>;
}

export interface RouterOptions {
  store: Store;
  /** The apps of the current runtime (the daemon swaps the whole map on reload). */
  apps(): ReadonlyMap<string, RoutableApp>;
  clock: Clock;
  log: Logger;
  /** Ms an event waits for a down app before it is dropped (config `inbox.holdFor`). */
  holdFor(): number;
  /** Times one event is handed to one app: once, and once more if the app died handling it. Default 2. */
  maxAttempts?: number;
  /** Pending deliveries read per app per pass. Default 100. */
  batch?: number;
  /** Cluster mode: this node's id; its claims carry it, and recover() releases only its own. */
  node?: string;
  /** Cluster mode: ms between looks for events other nodes stored for apps up here. Default: none. */
  pollEvery?: number;
}

/** Longest wait between sweeps for events held past `inbox.holdFor`. */
const SWEEP_EVERY = 60_000;

/**
 * Delivers stored inbound events to apps, tracked per app (store.inboxDeliveries). An event becomes
 * one delivery per app that may want it; an app that is down (stopped, in backoff, restarting) keeps
 * its deliveries pending until it is up again, up to `inbox.holdFor`. An app that dies while handling
 * an event gets it once more after its restart. Events still 'new' in the inbox (stored, never routed:
 * the daemon died in between) are fanned out by replay().
 */
export class Router {
  private readonly options: RouterOptions;
  private readonly maxAttempts: number;
  private readonly batch: number;
  private readonly draining = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly handing = new Set<Promise<void>>();
  private cancelSweep: (() => void) | undefined;

  constructor(options: RouterOptions) {
    this.options = options;
    this.maxAttempts = options.maxAttempts ?? 2;
    this.batch = options.batch ?? 100;
  }

  /** Daemon start: deliveries a dead daemon left in an app's hands go back to pending (or fail). */
  async recover(): Promise<void> {
    const { store, clock, log } = this.options;
    const node = this.options.node;
    const released = await store.inboxDeliveries.recoverInterrupted({
      at: clock.now(),
      maxAttempts: this.maxAttempts,
      ...(node ? { node } : {}),
    });
    if (released)
      log.warn(
        { events: released },
        'inbound events an app was handling when the daemon died are delivered again',
      );
  }

  /**
   * Periodically drops what was held too long (so the log says so near the time, not at the next
   * event); in cluster mode also hands apps up here what other nodes stored for them.
   */
  startSweeping(): void {
    this.stopSweeping();
    const every = Math.max(1000, Math.min(SWEEP_EVERY, this.options.holdFor()));
    const stops = [this.repeat(every, () => this.expire(), 'dropping held inbound events failed')];
    const { pollEvery } = this.options;
    if (pollEvery) {
      const drainAll = () => Promise.all([...this.options.apps().keys()].map((app) => this.drain(app)));
      stops.push(this.repeat(pollEvery, drainAll, 'looking for inbound events failed'));
    }
    this.cancelSweep = () => {
      for (const stop of stops) stop();
    };
  }

  stopSweeping(): void {
    this.cancelSweep?.();
    this.cancelSweep = undefined;
  }

  /** Runs `work` every `ms` (after the previous one ended) until the returned stop is called. */
  private repeat(ms: number, work: () => Promise<unknown>, failure: string): () => void {
    let stopped = false;
    let cancel = () => {};
    const arm = () => {
      if (stopped) return;
      cancel = this.options.clock.setTimer(() => {
        void work()
          .catch((err) => this.options.log.error({ err: errorMessage(err) }, failure))
          .finally(arm);
      }, ms);
    };
    arm();
    return () => {
      stopped = true;
      cancel();
    };
  }

  /** A new event: one delivery per app that may want it, then straight to those that are up (not awaiting the handlers). */
  async route(inboxId: number, event: InboundEvent): Promise<void> {
    const takers = await this.fanOut(inboxId, event);
    if (takers.length === 0)
      this.options.log.info({ connection: event.connection, type: event.type }, 'no app takes this event');
    await Promise.all(takers.map((app) => this.drain(app)));
  }

  /** Fans out events still 'new', drops what was held too long, and delivers whatever is pending to apps that are up. */
  async replay(): Promise<void> {
    const { store } = this.options;
    for (
      let news = await store.inbox.listNew(this.batch);
      news.length > 0;
      news = await store.inbox.listNew(this.batch)
    ) {
      for (const record of news) await this.fanOut(record.id, record.payload as InboundEvent);
    }
    await this.expire();
    await Promise.all([...this.options.apps().keys()].map((app) => this.drain(app)));
  }

  /** An app became ready: hand it what it missed while it was down. */
  appReady(app: string): Promise<void> {
    return this.drain(app);
  }

  private async fanOut(inboxId: number, event: InboundEvent): Promise<string[]> {
    const takers: string[] = [];
    for (const [name, entry] of this.options.apps()) {
      // An app not yet ready since it was (re)created may want anything: hold it a delivery, and
      // mark it skipped once it is up and says it does not take this kind of event.
      const registered = entry.process.ready ?? entry.process.registered;
      if (!registered || wants(registered, event)) takers.push(name);
    }
    await this.options.store.inboxDeliveries.fanOut(inboxId, takers, this.options.clock.now());
    return takers;
  }

  private async expire(): Promise<void> {
    const { store, clock, log } = this.options;
    const now = clock.now();
    for (const { inboxId, app } of await store.inboxDeliveries.expire(now - this.options.holdFor(), now)) {
      log.warn({ app, inboxId }, 'inbound event dropped: the app was not up within inbox.holdFor');
    }
  }

  /** One drain per app at a time; a request while one runs makes it go round once more. */
  private drain(app: string): Promise<void> {
    const running = this.draining.get(app);
    if (running) {
      this.again.add(app);
      return running;
    }
    const work = (async () => {
      do {
        this.again.delete(app);
        await this.drainOnce(app);
      } while (this.again.has(app));
    })()
      .catch((err) => this.options.log.error({ app, err: errorMessage(err) }, 'inbound delivery failed'))
      .finally(() => this.draining.delete(app));
    this.draining.set(app, work);
    return work;
  }

  /**
   * Claims the app's pending deliveries and hands them over without waiting for the handlers: a
   * handler may wait for the person's next message (a conversation), which is itself an event for
   * this app. Each hand-over records its own outcome (see settle()).
   */
  private async drainOnce(app: string): Promise<void> {
    const { store, clock } = this.options;
    for (;;) {
      const pending = await store.inboxDeliveries.pending(app, this.batch);
      if (pending.length === 0) return;
      for (const delivery of pending) {
        const entry = this.options.apps().get(app);
        const ready = entry && isUp(entry);
        if (!entry || !ready) return;
        const event = delivery.event as InboundEvent;
        if (!wants(ready, event)) {
          await store.inboxDeliveries.finish(delivery.inboxId, app, { status: 'skipped', at: clock.now() });
          continue;
        }
        const claimed = await store.inboxDeliveries.claim(
          delivery.inboxId,
          app,
          clock.now(),
          this.options.node,
        );
        if (claimed === undefined) continue;
        this.track(this.settle(entry, delivery.inboxId, event));
      }
    }
  }

  /** Resolves when every hand-over started so far has its outcome recorded (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.handing.size > 0) await Promise.all([...this.handing]);
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((err) =>
        this.options.log.error({ err: errorMessage(err) }, 'recording an inbound delivery failed'),
      )
      .finally(() => this.handing.delete(tracked));
    this.handing.add(tracked);
  }

  /** Hands one claimed event to the app and records what became of it. */
  private async settle(entry: RoutableApp, inboxId: number, event: InboundEvent): Promise<void> {
    const { store, clock, log } = this.options;
    const app = entry.name;
    const result = await entry.process.deliver(inboxId, event);
    if (result.ok) {
      await store.inboxDeliveries.finish(inboxId, app, { status: 'done', at: clock.now() });
      return;
    }
    if (!result.crashed && !result.down) {
      log.warn({ app, inboxId, error: result.error }, 'app failed to handle an event');
      await store.inboxDeliveries.finish(inboxId, app, {
        status: 'failed',
        at: clock.now(),
        error: result.error,
      });
      return;
    }
    // Back to pending: the app's next 'ready' drains it again (once more at most; see maxAttempts).
    const error = result.error ?? 'the app died while handling it';
    const next = await store.inboxDeliveries.release(inboxId, app, {
      at: clock.now(),
      maxAttempts: this.maxAttempts,
      error,
    });
    if (next === 'failed')
      log.warn({ app, inboxId, error }, 'app died handling this event twice; not delivered again');
    else
      log.warn(
        { app, inboxId, error },
        'app died while handling an event; it gets it again after its restart',
      );
  }
}

/** The app's registrations when it is running and ready, else undefined (its events are held). */
function isUp(entry: RoutableApp): AppReady | undefined {
  return entry.process.state === 'running' ? (entry.process.ready ?? undefined) : undefined;
}
