import { hostname } from 'node:os';

/**
 * This daemon's node id in the cluster: the config's `node.name` when set (stable across restarts,
 * so `status` keeps one row per machine), else `<hostname>-<pid>` (unique per process).
 */
export function nodeId(
  node: { name?: string | undefined } | undefined,
  host = hostname(),
  pid = process.pid,
): string {
  const name = node?.name?.trim();
  return name ? name : `${host}-${pid}`;
}
