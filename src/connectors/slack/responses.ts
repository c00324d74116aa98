import type { Clock } from '../../platform/clock.ts';
import type { ConnectorStateRepo } from '../../platform/store/types.ts';

/**
 * response_urls Slack gave with a command or interaction, kept in the connection's state (they
 * outlive a restart) under `response/<trigger_id>`. Slack honours one for 30 minutes and 5 posts;
 * past that a send falls back to a DM to the same person, so nothing is lost.
 */

export const RESPONSE_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_MAX_USES = 5;
/** Entries stay a day past expiry, so a late send still knows whom to DM. */
const KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface ResponseEntry {
  url: string;
  user: string;
  expiresAt: number;
  uses: number;
}

export class ResponseUrls {
  private readonly state: ConnectorStateRepo;
  private readonly clock: Clock;
  private prunedAt = 0;

  constructor(state: ConnectorStateRepo, clock: Clock) {
    this.state = state;
    this.clock = clock;
  }

  async remember(key: string, url: string, user: string): Promise<void> {
    const entry: ResponseEntry = { url, user, expiresAt: this.clock.now() + RESPONSE_TTL_MS, uses: 0 };
    // Secret: anyone holding the URL may post into the conversation.
    await this.state.set(`response/${key}`, entry, { secret: true });
    await this.prune();
  }

  /**
   * Takes one use of the URL: the url when it is still good, else the user to DM instead
   * (undefined when the key was never seen).
   */
  async use(key: string): Promise<{ url?: string; user: string } | undefined> {
    const entry = await this.state.get<ResponseEntry>(`response/${key}`);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now() || entry.uses >= RESPONSE_MAX_USES) return { user: entry.user };
    await this.state.set(`response/${key}`, { ...entry, uses: entry.uses + 1 }, { secret: true });
    return { url: entry.url, user: entry.user };
  }

  private async prune(): Promise<void> {
    const now = this.clock.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    for (const { key, value } of await this.state.list('response/')) {
      if ((value as ResponseEntry).expiresAt + KEEP_MS < now) await this.state.delete(key);
    }
  }
}
