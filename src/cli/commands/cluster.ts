import { storeFor } from '../../daemon/store-for.ts';
import type { LoadedConfig } from '../../platform/config/schema.ts';
import type { Store } from '../../platform/store/types.ts';
import { leasesTable, nodesTable, withState } from '../cluster-table.ts';
import { findConfigFile, loadDaemonConfig } from '../config-file.ts';
import { printJson, say } from '../output.ts';

const NOT_CLUSTER =
  'cluster mode needs store: postgres://… and queue: redis://… in the config; this one runs a single daemon';

/**
 * Reads the store directly, like `outbox list`: works from any node, even with this node's daemon
 * down. Undefined (after saying so) when the store is not Postgres, where there is no cluster.
 */
async function withClusterStore<T>(
  opts: { config?: string; json?: boolean },
  work: (store: Store, config: LoadedConfig) => Promise<T>,
): Promise<T | undefined> {
  const config = await loadDaemonConfig(findConfigFile(opts.config));
  if (!/^postgres(ql)?:\/\//.test(config.store)) {
    if (opts.json) printJson([]);
    else say(NOT_CLUSTER);
    return undefined;
  }
  const store = await storeFor(config);
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

/** `opsbot cluster nodes`: a node silent for longer than the config's `lease.ttl` is dead. */
export async function clusterNodesCommand(opts: { config?: string; json?: boolean }): Promise<void> {
  const nodes = await withClusterStore(opts, async (store, config) =>
    withState(await store.nodes.list(), config.lease.ttl),
  );
  if (nodes === undefined) return;
  if (opts.json) return printJson(nodes);
  if (!nodes.length) return say('no node has joined the cluster yet');
  process.stdout.write(`${nodesTable(nodes)}\n`);
}

/** `opsbot cluster leases`: who holds what singleton work, with its fencing epoch. */
export async function clusterLeasesCommand(opts: { config?: string; json?: boolean }): Promise<void> {
  const leases = await withClusterStore(opts, (store) => store.leases.list());
  if (leases === undefined) return;
  if (opts.json) return printJson(leases);
  if (!leases.length) return say('no leases yet');
  process.stdout.write(`${leasesTable(leases, Date.now())}\n`);
}
