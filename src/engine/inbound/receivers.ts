import type { Connector, InboundEvent, LoopReceiver, VerifiedEvent } from '../../connectors/types.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';

/** Where received events go: the daemon stores them in the inbox and routes them (InboundPipeline). */
export type ReceiverSink = (connector: Connector, events: VerifiedEvent[]) => Promise<InboundEvent[]>;

export interface ReceiversOptions {
  connectors: Iterable<Connector>;
  sink: ReceiverSink;
  log: Logger;
}

/**
 * Starts and stops the receivers the daemon drives itself: sockets it keeps open (Slack Socket Mode)
 * and poll loops. Webhook receivers need nothing here; the gateway's /hooks route calls them. One
 * receiver failing to start is logged and the others still start: one bad connection must not keep
 * every other one deaf.
 */
export class Receivers {
  private readonly loops: Array<{ connector: Connector; receiver: LoopReceiver }> = [];
  private readonly started: Array<{ connector: Connector; receiver: LoopReceiver }> = [];
  private readonly sink: ReceiverSink;
  private readonly log: Logger;

  constructor(options: ReceiversOptions) {
    this.sink = options.sink;
    this.log = options.log;
    for (const connector of options.connectors) {
      const receiver = connector.receive;
      if (receiver && receiver.mode !== 'webhook') this.loops.push({ connector, receiver });
    }
  }

  /** Connection names with a socket or poll receiver. */
  get names(): string[] {
    return this.loops.map((l) => l.connector.name);
  }

  /** Starts every receiver; resolves once each has started or failed (failures are logged). */
  async start(): Promise<void> {
    await Promise.all(this.names.map((name) => this.startOne(name)));
  }

  /** Starts one connection's receiver (cluster mode: once this node holds the connection's lease). */
  async startOne(name: string): Promise<void> {
    const loop = this.loops.find((l) => l.connector.name === name);
    if (!loop || this.started.includes(loop)) return;
    const { connector, receiver } = loop;
    try {
      await receiver.start((events) => this.deliver(connector, events));
      this.started.push(loop);
      this.log.info({ connection: connector.name, mode: receiver.mode }, 'receiver started');
    } catch (err) {
      this.log.error(
        { connection: connector.name, mode: receiver.mode, err: errorMessage(err) },
        'receiver failed to start; no events from this connection until the next start',
      );
    }
  }

  /** Stops the started receivers (in parallel); a failing stop is logged, never thrown. */
  async stop(): Promise<void> {
    await Promise.all(this.started.map((loop) => this.stopOne(loop.connector.name)));
  }

  /** Stops one connection's receiver (cluster mode: the node lost the connection's lease). */
  async stopOne(name: string): Promise<void> {
    const index = this.started.findIndex((l) => l.connector.name === name);
    if (index < 0) return;
    const [{ connector, receiver }] = this.started.splice(index, 1) as [(typeof this.started)[number]];
    try {
      await receiver.stop();
    } catch (err) {
      this.log.warn({ connection: connector.name, err: errorMessage(err) }, 'receiver failed to stop');
    }
  }

  /** A receiver's events, to the sink; the receiver learns of a failure so it can keep its cursor. */
  private async deliver(connector: Connector, events: VerifiedEvent[]): Promise<InboundEvent[]> {
    if (events.length === 0) return [];
    return this.sink(connector, events);
  }
}
