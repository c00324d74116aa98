import type { Connector } from '../../connectors/types.ts';
import type { LeaseKeeper } from '../../engine/cluster/lease-keeper.ts';
import type { Receivers } from '../../engine/inbound/receivers.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';

/** The lease a connection's singleton work (socket, poll loop, webhook registration) runs under. */
export const connectionLease = (name: string) => `connection:${name}`;

interface Leading {
  connectors: ReadonlyMap<string, Connector>;
  receivers: Receivers;
}

/** Connections with work that must happen once per cluster: a socket or poll receiver, or a setup(). */
export function leaderWork(delivery: Leading): string[] {
  const loops = new Set(delivery.receivers.names);
  return [...delivery.connectors.values()]
    .filter((c) => loops.has(c.name) || typeof c.setup === 'function')
    .map((c) => c.name);
}

/**
 * Cluster mode: Slack Socket Mode, poll loops and webhook registration (Webex) run on the node
 * holding `connection:<name>`. Webhooks themselves are received by every node (the gateway).
 */
export function leadConnections(delivery: Leading, leases: LeaseKeeper, log: Logger): void {
  for (const name of leaderWork(delivery)) {
    const connector = delivery.connectors.get(name)!;
    leases.want(connectionLease(name), {
      onAcquire: async () => {
        log.info({ connection: name }, 'cluster: this node holds the connection lease');
        await delivery.receivers.startOne(name);
        await setupConnection(connector, log);
      },
      onLose: () => delivery.receivers.stopOne(name),
    });
  }
}

/** Gives the connections' leases up (delivery is being rebuilt or the daemon stops). */
export async function releaseConnections(delivery: Leading, leases: LeaseKeeper): Promise<void> {
  await Promise.all(leaderWork(delivery).map((name) => leases.unwant(connectionLease(name))));
}

/** A connection's setup(); a failure is logged, never thrown: it still sends. */
export async function setupConnection(connector: Connector, log: Logger): Promise<void> {
  try {
    await connector.setup?.();
  } catch (err) {
    log.error(
      { connection: connector.name, err: errorMessage(err) },
      'connection setup failed; it still sends, but may receive nothing until the next start',
    );
  }
}
