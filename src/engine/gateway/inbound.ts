import type { Connector, VerifiedEvent } from '../../connectors/types.ts';
import { type GatewayOptions, type StoredInboundEvent, withoutInboxId } from './types.ts';

interface ResponseLike {
  raw: { once(event: 'close', listener: () => void): unknown };
}

/**
 * The one path every inbound event takes, from /hooks and from the sandbox page alike: into the
 * inbox (deduplicated), then — only once the sender has its answer — to the connector and the apps.
 */
export class InboundPipeline {
  private readonly options: GatewayOptions;

  constructor(options: GatewayOptions) {
    this.options = options;
  }

  /**
   * Stores the events; returns the ones not seen before. Throws if the store fails, so the sender
   * gets a 5xx and retries; events stored before the failure are routed right away, because the
   * retry will find them as duplicates and never route them.
   */
  async accept(connector: Connector, events: VerifiedEvent[]): Promise<StoredInboundEvent[]> {
    const { store, clock, metrics } = this.options;
    const connection = connector.name;
    const fresh: StoredInboundEvent[] = [];
    try {
      for (const submitted of events) {
        // A form submit is answered here and stored without its raw body or secret values.
        const verified =
          submitted.form && this.options.forms
            ? await this.options.forms.acceptInbound(submitted)
            : submitted;
        const event = { ...verified, connection, receivedAt: clock.now() };
        const { inserted, id } = await store.inbox.insert({
          connection,
          dedupeKey: event.id,
          payload: event,
          receivedAt: event.receivedAt,
        });
        metrics.inbound.inc({ connection, result: inserted ? 'accepted' : 'duplicate' });
        if (inserted) fresh.push({ ...event, inboxId: id });
      }
    } catch (err) {
      if (fresh.length > 0) void this.route(connector, fresh);
      throw err;
    }
    return fresh;
  }

  /**
   * Routes the events once the response is finished. Call before sending the reply. 'close' fires
   * both after a normal finish and when the sender hangs up early; either way the events are in the
   * inbox already, so they must still be routed.
   */
  routeAfterReply(reply: ResponseLike, connector: Connector, events: StoredInboundEvent[]): void {
    if (events.length === 0) return;
    reply.raw.once('close', () => {
      void this.route(connector, events);
    });
  }

  /** In order, one at a time: the connector sees (and stores) a message before any app can answer it. */
  async route(connector: Connector, events: StoredInboundEvent[]): Promise<void> {
    const { log, onInbound } = this.options;
    for (const event of events) {
      // A connector that fails to record the event must not keep it from the apps, and vice versa.
      const received = connector.receive?.received;
      if (received) {
        try {
          await received.call(connector.receive, withoutInboxId(event));
        } catch (err) {
          log.error(
            { err, connection: event.connection, eventId: event.id },
            'connector failed on an inbound event',
          );
        }
      }
      try {
        onInbound(event);
      } catch (err) {
        log.error(
          { err, connection: event.connection, eventId: event.id },
          'routing an inbound event failed',
        );
      }
    }
  }
}
