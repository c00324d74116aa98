import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { until } from '../cli.ts';
import { ClusterNode } from './cluster-node.ts';

export interface ClusterOptions {
  /** postgres:// URL every node shares as its `store:` (`sqlite` for a one-node reference run). */
  store: string;
  /** redis:// URL every node shares as its `queue:` (`local` for a one-node reference run). */
  queue: string;
  /** How many daemons (default 3), named n1, n2, …. */
  nodes?: number;
  /** `lease.ttl` (e.g. '5s'); default: the daemon's own (15s). */
  leaseTtl?: string;
  /** YAML lines after the cluster keys: connections, targets, apps. */
  lines: string[];
  /** Files written into every node's folder (the apps' sources, loaded as `./file.ts`). */
  files?: Record<string, string>;
}

/** The config one node runs: the shared store, queue and master key; its own name, port and dataDir. */
function nodeConfig(options: ClusterOptions, name: string, masterKey: string): string {
  return [
    'timezone: UTC',
    'dataDir: ./data',
    `store: ${options.store}`,
    `queue: ${options.queue}`,
    ...(options.queue === 'local' ? [] : [`node: { name: ${name} }`]),
    ...(options.leaseTtl ? [`lease: { ttl: ${options.leaseTtl} }`] : []),
    'http: { port: 0 }',
    'restart: { backoff: 300ms }',
    `secrets: { masterKey: "${masterKey}" }`,
    ...options.lines,
    '',
  ].join('\n');
}

/**
 * Several real daemons on one machine sharing one Postgres database and one Redis, as cluster
 * mode runs them (issue 15): each in its own folder with its own dataDir and HTTP port, started
 * and stopped through the real CLI. `close()` stops every node (SIGKILL for any that will not)
 * and deletes the folders, even after a failure.
 */
export class Cluster {
  readonly nodes: ClusterNode[];
  readonly #root: string;

  private constructor(options: ClusterOptions) {
    this.#root = mkdtempSync(path.join(tmpdir(), 'opsbot-cluster-'));
    const masterKey = randomBytes(32).toString('hex');
    this.nodes = Array.from({ length: options.nodes ?? 3 }, (_, i) => {
      const name = `n${i + 1}`;
      return new ClusterNode(
        name,
        path.join(this.#root, name),
        nodeConfig(options, name, masterKey),
        options.files ?? {},
      );
    });
  }

  /** Writes the nodes' folders without starting anything (start() them, or startAll()). */
  static create(options: ClusterOptions): Cluster {
    return new Cluster(options);
  }

  /** Starts every node at once; resolves when all report healthy. */
  async startAll(): Promise<void> {
    const results = await Promise.allSettled(this.nodes.map((n) => n.start()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  node(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  /** Nodes whose daemon is alive. */
  get live(): ClusterNode[] {
    return this.nodes.filter((n) => n.running);
  }

  /**
   * The node an app runs on, once exactly one live node shows it `running` and every other live
   * node shows it `standby` (a singleton app's settled state).
   */
  async singletonHolder(app: string, timeoutMs = 20_000): Promise<ClusterNode> {
    return until(
      `exactly one node running ${app}, the others standby`,
      async () => {
        const live = this.live;
        const states = await Promise.all(live.map((n) => n.appState(app)));
        const running = live.filter((_, i) => states[i] === 'running');
        const standby = states.filter((s) => s === 'standby').length;
        return running.length === 1 && standby === live.length - 1 ? running[0] : undefined;
      },
      timeoutMs,
    );
  }

  /** The last lines of every node's log, for a failure message. */
  logTail(lines = 40): string {
    return this.nodes.map((n) => `----- ${n.name} (pid ${n.pid}) -----\n${n.logTail(lines)}`).join('\n');
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.nodes.map((n) => n.close()));
    rmSync(this.#root, { recursive: true, force: true });
  }
}
