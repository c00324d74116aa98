import type { Actor } from '../../../contracts/console.ts';
import { errorMessage } from '../../../platform/errors.ts';
import type { Logger } from '../../../platform/log.ts';
import type { ApiCall } from '../types.ts';

interface Subscriber {
  actor: Actor;
  send(data: string): void;
  /** Has had its first snapshot. */
  primed: boolean;
}

/**
 * One poller for every open GET /api/v1/events stream: asks the daemon for status and overview
 * once a second while anyone listens, and passes a snapshot on only when it changed (uptimes tick
 * every second, so they do not count as a change). A new stream gets the current snapshot at once.
 */
export class OverviewFeed {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private last: { fingerprint: string; data: string } | undefined;

  private readonly api: ApiCall;
  private readonly log: Logger;
  private readonly everyMs: number;

  constructor(api: ApiCall, log: Logger, everyMs = 1000) {
    this.api = api;
    this.log = log;
    this.everyMs = everyMs;
  }

  subscribe(actor: Actor, send: (data: string) => void): () => void {
    const subscriber: Subscriber = { actor, send, primed: false };
    this.subscribers.add(subscriber);
    this.timer ??= setInterval(() => void this.poll(), this.everyMs);
    void this.poll();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.last = undefined;
  }

  private poll(): Promise<void> {
    this.polling ??= this.fetch().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async fetch(): Promise<void> {
    const first = this.subscribers.values().next().value;
    if (!first) return;
    let status: unknown;
    let overview: unknown;
    try {
      [status, overview] = await Promise.all([
        this.api('status', {}, first.actor),
        this.api('overview', {}, first.actor),
      ]);
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, 'event stream: reading the overview failed');
      return;
    }
    const fingerprint = JSON.stringify({ status, overview }, (key, value) =>
      key === 'uptimeMs' ? undefined : value,
    );
    const changed = fingerprint !== this.last?.fingerprint;
    if (changed) this.last = { fingerprint, data: JSON.stringify({ status, overview }) };
    const data = this.last?.data ?? '';
    for (const subscriber of this.subscribers) {
      if (!changed && subscriber.primed) continue;
      subscriber.primed = true;
      subscriber.send(data);
    }
  }
}
