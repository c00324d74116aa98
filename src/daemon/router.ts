import type { InboundEvent } from '../connectors/types.ts';
import { wants } from '../contracts/routing.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
import type { Supervisor } from './supervisor.ts';

/**
 * Routes stored inbound events to the running apps that asked for them, then marks them done.
 * An event stays 'new' in the inbox until routed, so a daemon restart replays what it had not routed.
 */
export class Router {
  private store: Store;
  private supervisor: Supervisor;
  private log: Logger;
  private routing = new Set<number>();

  constructor(deps: { store: Store; supervisor: Supervisor; log: Logger }) {
    this.store = deps.store;
    this.supervisor = deps.supervisor;
    this.log = deps.log;
  }

  async route(inboxId: number, event: InboundEvent): Promise<void> {
    if (this.routing.has(inboxId)) return;
    this.routing.add(inboxId);
    try {
      const takers = [...this.supervisor.entries.values()].filter(
        (e) => e.process.state === 'running' && e.process.ready && wants(e.process.ready, event),
      );
      if (takers.length === 0)
        this.log.info({ connection: event.connection, type: event.type }, 'no app takes this event');
      const results = await Promise.all(takers.map((e) => e.process.deliver(inboxId, event)));
      results.forEach((r, i) => {
        if (!r.ok) this.log.warn({ app: takers[i]?.name, error: r.error }, 'app failed to handle an event');
      });
      await this.store.inbox.markDone(inboxId);
    } finally {
      this.routing.delete(inboxId);
    }
  }

  /** Routes everything still 'new' (after a restart, or once apps are ready). */
  async replay(): Promise<void> {
    for (const record of await this.store.inbox.listNew(500)) {
      await this.route(record.id, record.payload as InboundEvent);
    }
  }
}
