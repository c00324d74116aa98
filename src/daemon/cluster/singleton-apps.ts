import type { LeaseKeeper } from '../../engine/cluster/lease-keeper.ts';
import { OpsbotError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { AppEntry } from '../supervisor.ts';

/** The lease a singleton app runs under. */
export const appLease = (app: string) => `app:${app}`;

/** App API calls that change something outside the app: a singleton app makes them only while its lease holds. */
const FENCED = new Set(['enqueue', 'kv.set', 'kv.delete', 'form.open', 'holiday.add']);

export interface SingletonAppsOptions {
  leases: LeaseKeeper;
  /** The current runtime's apps (swapped whole on reload). */
  apps(): ReadonlyMap<string, AppEntry>;
  log: Logger;
}

/**
 * Cluster mode: a singleton app (a listener, a socket holder) runs on the node holding `app:<name>`.
 * Its copies elsewhere wait in `standby`; when the holder dies its lease expires and one of them
 * starts. A node that loses the lease (Postgres unreachable, a stall past the ttl) restarts its copy
 * into standby at once, and every write the app makes is checked against the lease's epoch first.
 */
export class SingletonApps {
  private readonly options: SingletonAppsOptions;

  constructor(options: SingletonAppsOptions) {
    this.options = options;
  }

  /** The app loaded in standby: start it if this node holds its lease, else wait for the lease. */
  standby(app: string): void {
    const name = appLease(app);
    if (this.options.leases.held(name) !== undefined) {
      this.lead(app);
      return;
    }
    // Restarted into standby after losing the lease: still wanted, the keeper takes it back when it can.
    if (this.options.leases.wants(name)) return;
    this.options.leases.want(name, {
      onAcquire: () => this.lead(app),
      onLose: () => this.lost(app),
    });
  }

  /** The app stopped (`opsbot stop`, removed from the config) or cannot start here: another node may run it. */
  async released(app: string): Promise<void> {
    await this.options.leases.unwant(appLease(app));
  }

  /** Throws when the app is a singleton whose lease this node no longer holds (fencing). */
  async fence(app: string, method: string): Promise<void> {
    if (!FENCED.has(method)) return;
    const name = appLease(app);
    if (this.options.leases.held(name) === undefined) {
      if (!this.isSingleton(app)) return;
      throw new OpsbotError('LEASE_LOST', `${app} runs on another node now (lease ${name} is not held here)`);
    }
    if (!(await this.options.leases.fence(name)))
      throw new OpsbotError('LEASE_LOST', `${app} lost its lease ${name}; the write was refused`);
  }

  private isSingleton(app: string): boolean {
    const process = this.options.apps().get(app)?.process;
    return process?.state === 'standby' || process?.ready?.singleton === true;
  }

  private lead(app: string): void {
    const process = this.options.apps().get(app)?.process;
    if (process?.state !== 'standby') return;
    this.options.log.info({ app }, 'cluster: this node holds the app lease; starting it');
    process.lead();
  }

  private lost(app: string): void {
    const process = this.options.apps().get(app)?.process;
    if (!process || process.state === 'standby' || process.state === 'stopped') return;
    this.options.log.warn({ app }, 'cluster: lost the app lease; restarting it into standby');
    void process.restart();
  }
}
