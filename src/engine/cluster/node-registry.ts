import { type Clock, systemClock } from '../../platform/clock.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';

export { nodeId } from './node-id.ts';

export interface NodeRegistryOptions {
  store: Pick<Store, 'nodes' | 'runs' | 'inboxDeliveries'>;
  /** This daemon's node id (see nodeId). */
  node: string;
  host: string;
  pid: number;
  /** This node's gateway URL, shown by `opsbot cluster nodes`. */
  url: string;
  /** A node silent for longer than this (and not stopped) is dead, ms (config `lease.ttl`). Default 15000. */
  ttl?: number;
  /** Timers and the times written on released work. Default the system clock. */
  clock?: Clock;
  log: Logger;
  /** App name → state on this node, sent with every heartbeat. */
  apps: () => Record<string, string>;
  /** Inbox hand-overs before a delivery fails instead of going back to pending (the router's maxAttempts). Default 2. */
  maxAttempts?: number;
}

/** What one sweep cleaned up after one dead node. */
export interface ReleasedNode {
  node: string;
  /** Its runs that were still 'running', now 'interrupted'. */
  runs: number;
  /** Its inbound events that went back to pending (handed again elsewhere). */
  deliveries: number;
}

const DEFAULT_TTL = 15_000;

/**
 * Keeps this daemon's row in the node registry fresh (a heartbeat every ttl / 3, with its apps'
 * states), marks it stopped on a clean stop, and sweeps: a node whose heartbeat is older than the
 * ttl and that never said it stopped has died, so its runs become 'interrupted' and the inbound
 * events it was handing go back to pending. Every live node sweeps; the cleanup is idempotent.
 * Errors are logged, never thrown out of a timer.
 */
export class NodeRegistry {
  readonly #options: NodeRegistryOptions;
  readonly #ttl: number;
  readonly #clock: Clock;
  readonly #startedAt: number;
  /** Dead nodes already cleaned up, by node → the heartbeat they died after. */
  readonly #released = new Map<string, number>();
  #cancelTick: (() => void) | undefined;
  #beating: Promise<void> | undefined;
  #running = false;

  constructor(options: NodeRegistryOptions) {
    this.#options = options;
    this.#ttl = options.ttl ?? DEFAULT_TTL;
    this.#clock = options.clock ?? systemClock;
    this.#startedAt = this.#clock.now();
  }

  get node(): string {
    return this.#options.node;
  }

  /** The first heartbeat and sweep, then one every ttl / 3. Never throws. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#scheduleTick();
    await this.#beat();
  }

  /** Stops heartbeating and records the clean stop (the node shows as stopped, not dead). */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#cancelTick?.();
    await this.#beating;
    try {
      await this.#options.store.nodes.markStopped(this.#options.node);
    } catch (err) {
      this.#options.log.warn({ err: errorMessage(err) }, 'could not record this node stopped');
    }
  }

  /** One heartbeat now (e.g. right after an app changed state), then the sweep. */
  beat(): Promise<void> {
    // After stop() a heartbeat would make the stopped node look up again.
    return this.#running ? this.#beat() : Promise.resolve();
  }

  /** Cleans up after every dead node not cleaned up yet; returns what it released. */
  async sweep(): Promise<ReleasedNode[]> {
    const { store, node: self, log } = this.#options;
    const released: ReleasedNode[] = [];
    for (const row of await store.nodes.list()) {
      if (row.node === self || row.stoppedAt !== null || row.ageMs <= this.#ttl) continue;
      if (this.#released.get(row.node) === row.heartbeatAt) continue;
      const result = await this.#release(row.node, row.ageMs);
      this.#released.set(row.node, row.heartbeatAt);
      if (result.runs || result.deliveries) {
        log.warn({ ...result, silentMs: row.ageMs }, 'a node stopped heartbeating: its work is released');
      }
      released.push(result);
    }
    return released;
  }

  async #release(node: string, silentMs: number): Promise<ReleasedNode> {
    const { store, maxAttempts } = this.#options;
    const at = this.#clock.now();
    const runs = await store.runs.markInterrupted(at, node);
    const deliveries = await store.inboxDeliveries.recoverInterrupted({
      at,
      maxAttempts: maxAttempts ?? 2,
      node,
      error: `node ${node} stopped heartbeating (silent for ${Math.round(silentMs / 1000)}s) while the app was handling it`,
    });
    return { node, runs, deliveries };
  }

  #scheduleTick(): void {
    this.#cancelTick = this.#clock.setTimer(
      () => {
        if (!this.#running) return;
        this.#scheduleTick();
        void this.#beat();
      },
      Math.max(1, Math.round(this.#ttl / 3)),
    );
  }

  /** Heartbeat then sweep; a tick never overlaps the previous one (a slow database). */
  #beat(): Promise<void> {
    this.#beating ??= this.#heartbeatAndSweep().finally(() => {
      this.#beating = undefined;
    });
    return this.#beating;
  }

  async #heartbeatAndSweep(): Promise<void> {
    const { store, node, host, pid, url, apps, log } = this.#options;
    try {
      await store.nodes.heartbeat({ node, host, pid, url, startedAt: this.#startedAt, apps: apps() });
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'node heartbeat failed');
      return;
    }
    try {
      await this.sweep();
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'sweeping dead nodes failed');
    }
  }
}
