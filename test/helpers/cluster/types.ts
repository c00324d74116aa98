import type { AppStatusJson } from '../cli.ts';

/** A lease as `opsbot cluster leases --json` and `status --json` (cluster.leases) print it. */
export interface LeaseJson {
  /** `app:<app>` or `connection:<name>`. */
  name: string;
  holder: string;
  epoch: number;
  expiresAt?: number;
  live?: boolean;
}

/** A node as `opsbot cluster nodes --json` and `status --json` (cluster.nodes) print it. */
export interface NodeJson {
  node: string;
  url?: string;
  pid?: number;
  heartbeatAt?: number;
  stoppedAt?: number | null;
  apps?: Record<string, string>;
}

/** `opsbot status --json` of a node in cluster mode. */
export interface ClusterStatusJson {
  pid: number;
  url: string;
  apps: AppStatusJson[];
  cluster: { node: string; nodes: NodeJson[]; leases: LeaseJson[] };
}
