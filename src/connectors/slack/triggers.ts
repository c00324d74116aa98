import type { Clock } from '../../platform/clock.ts';

/**
 * The latest trigger_id seen per user. Slack lets one open a modal within 3 s of the click or
 * command, once; 2.5 s leaves time for the views.open call itself. Memory only: a trigger is
 * worthless after a restart anyway.
 */
export const TRIGGER_FRESH_MS = 2500;

export class TriggerMemory {
  private readonly byUser = new Map<string, { triggerId: string; at: number }>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  note(user: string, triggerId: string): void {
    this.byUser.set(user, { triggerId, at: this.clock.now() });
    // Old entries are useless: keep the map from growing with every user ever seen.
    if (this.byUser.size > 1000) {
      for (const [key, entry] of this.byUser)
        if (this.clock.now() - entry.at > TRIGGER_FRESH_MS) this.byUser.delete(key);
    }
  }

  /** A fresh, unused trigger for the user; taking it uses it up. */
  take(user: string | undefined): string | undefined {
    if (!user) return undefined;
    const entry = this.byUser.get(user);
    this.byUser.delete(user);
    if (!entry || this.clock.now() - entry.at >= TRIGGER_FRESH_MS) return undefined;
    return entry.triggerId;
  }
}
