import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from '../../platform/clock.ts';
import { errorMessage, OpsbotError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { LeaseRepo } from '../../platform/store/cluster-types.ts';

/** What a holder does when it gets a lease and when it no longer has it. */
export interface LeaseHandlers {
  /** The lease is ours with this epoch (the fencing token): start the singleton work. */
  onAcquire(epoch: number): void | Promise<void>;
  /** The lease is no longer ours (or may not be): stop the work now. Always after its onAcquire. */
  onLose(): void | Promise<void>;
}

export interface LeaseKeeperOptions {
  leases: LeaseRepo;
  /** This daemon's node id: the holder written into the lease rows. */
  node: string;
  /** How long a lease lasts without renewal, ms (config `lease.ttl`). Default 15000. */
  ttl?: number;
  /**
   * How long before the ttl ends a holder that could not renew gives the lease up on its own clock,
   * ms: covers clock-rate drift and the time onLose takes to stop the work. Default ttl / 5.
   */
  margin?: number;
  /** Timers only (ticks, deadlines); elapsed time is measured with performance.now(). Default the system clock. */
  clock?: Clock;
  log: Logger;
}

export interface HeldLease {
  name: string;
  /** The epoch while held, else undefined (wanted, someone else has it). */
  epoch: number | undefined;
}

interface Wanted {
  readonly name: string;
  readonly handlers: LeaseHandlers;
  epoch: number | undefined;
  /** performance.now() after which the lease may have expired in the database. */
  validUntil: number;
  cancelDeadline: (() => void) | undefined;
  /** The acquire/renew in flight: ticks never stack two on one lease (a hung database). */
  refreshing: Promise<void> | undefined;
  /** onAcquire/onLose run one after another, in order. */
  callbacks: Promise<void>;
  removed: boolean;
}

const DEFAULT_TTL = 15_000;

/**
 * Keeps a node's named leases (cluster mode): tries to take each wanted lease and renews the held
 * ones every ttl / 3. It gives a lease up — onLose — as soon as a renewal fails or is refused, or
 * when ttl − margin has passed on its own monotonic clock since the last renewal was sent, whichever
 * comes first; the database lets another node take it only after the full ttl, so two holders never
 * overlap by more than clock drift. A lost lease is taken again when possible. Errors are logged,
 * never thrown out of a timer. stop() hands everything it holds over at once.
 */
export class LeaseKeeper {
  readonly #leases: LeaseRepo;
  readonly #node: string;
  readonly #ttl: number;
  readonly #margin: number;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #wanted = new Map<string, Wanted>();
  #cancelTick: (() => void) | undefined;
  #running = false;

  constructor(options: LeaseKeeperOptions) {
    this.#leases = options.leases;
    this.#node = options.node;
    this.#ttl = options.ttl ?? DEFAULT_TTL;
    this.#margin = options.margin ?? Math.round(this.#ttl / 5);
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log;
    if (this.#margin >= this.#ttl) throw new OpsbotError('LEASE', 'LeaseKeeper: margin must be below ttl');
  }

  /** Asks for a lease; once started, the keeper tries to take it at once and then every tick. */
  want(name: string, handlers: LeaseHandlers): void {
    if (this.#wanted.has(name)) throw new OpsbotError('LEASE', `lease ${name} is wanted already`);
    const wanted: Wanted = {
      name,
      handlers,
      epoch: undefined,
      validUntil: 0,
      cancelDeadline: undefined,
      refreshing: undefined,
      callbacks: Promise.resolve(),
      removed: false,
    };
    this.#wanted.set(name, wanted);
    if (this.#running) void this.#refresh(wanted);
  }

  /**
   * No longer wants it: when held, onLose runs first, then the lease is released for others.
   * (From inside this lease's onAcquire, do not await it: onLose waits for onAcquire to finish.)
   */
  async unwant(name: string): Promise<void> {
    const wanted = this.#wanted.get(name);
    if (!wanted) return;
    this.#wanted.delete(name);
    wanted.removed = true;
    await this.#handOver(wanted);
  }

  /** Whether the lease is wanted (held or waited for). */
  wants(name: string): boolean {
    return this.#wanted.has(name);
  }

  /** The epoch of a lease this node holds, or undefined. */
  held(name: string): number | undefined {
    return this.#wanted.get(name)?.epoch;
  }

  /**
   * The fencing check before a side-effecting write: asks the database whether this node still
   * holds `name` at the epoch it took it with. False when not held, when the database says no (the
   * lease is then given up), or when the database cannot be asked.
   */
  async fence(name: string): Promise<boolean> {
    const wanted = this.#wanted.get(name);
    const epoch = wanted?.epoch;
    if (!wanted || epoch === undefined) return false;
    try {
      if (await this.#leases.holds(name, this.#node, epoch)) return true;
      // Not awaited: fence() may be called from the holder's own onAcquire, which onLose queues behind.
      if (wanted.epoch === epoch) void this.#lose(wanted, 'the database says another node holds it');
      return false;
    } catch (err) {
      this.#log.warn({ lease: name, err: errorMessage(err) }, 'lease fencing check failed');
      return false;
    }
  }

  list(): HeldLease[] {
    return [...this.#wanted.values()].map((w) => ({ name: w.name, epoch: w.epoch }));
  }

  /** Starts ticking; resolves once the first attempt at every wanted lease is done. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#scheduleTick();
    await this.#tick();
  }

  /** Stops ticking; every held lease gets onLose, then is released so another node takes it at once. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#cancelTick?.();
    this.#cancelTick = undefined;
    await Promise.all([...this.#wanted.values()].map((wanted) => this.#handOver(wanted)));
  }

  #scheduleTick(): void {
    this.#cancelTick = this.#clock.setTimer(
      () => {
        if (!this.#running) return;
        this.#scheduleTick();
        void this.#tick();
      },
      Math.max(1, Math.round(this.#ttl / 3)),
    );
  }

  async #tick(): Promise<void> {
    await Promise.all([...this.#wanted.values()].map((wanted) => this.#refresh(wanted)));
  }

  /** One acquire-or-renew of a lease, unless one is still in flight. */
  #refresh(wanted: Wanted): Promise<void> {
    if (!wanted.refreshing) {
      wanted.refreshing = this.#acquire(wanted).finally(() => {
        wanted.refreshing = undefined;
      });
    }
    return wanted.refreshing;
  }

  async #acquire(wanted: Wanted): Promise<void> {
    const sentAt = performance.now();
    let epoch: number | undefined;
    try {
      epoch = await this.#leases.acquire(wanted.name, this.#node, this.#ttl);
    } catch (err) {
      if (wanted.epoch !== undefined) await this.#lose(wanted, `renewal failed: ${errorMessage(err)}`);
      else this.#log.debug({ lease: wanted.name, err: errorMessage(err) }, 'could not try the lease');
      return;
    }
    if (wanted.removed || !this.#running) {
      // unwant/stop did not wait for this attempt: hand back what it took.
      if (epoch !== undefined) await this.#release(wanted.name);
      return;
    }
    // The database counted the ttl from a moment after sentAt: measuring from sentAt errs on the safe side.
    const validUntil = sentAt + this.#ttl - this.#margin;
    if (epoch === undefined || performance.now() >= validUntil) {
      const why = epoch === undefined ? 'another node holds it' : 'the renewal took longer than ttl − margin';
      if (wanted.epoch !== undefined) await this.#lose(wanted, why);
      return;
    }
    if (wanted.epoch !== undefined && wanted.epoch !== epoch) await this.#lose(wanted, 'its epoch changed');
    wanted.validUntil = validUntil;
    this.#armDeadline(wanted);
    if (wanted.epoch === epoch) return;
    wanted.epoch = epoch;
    this.#log.info({ lease: wanted.name, epoch }, 'lease acquired');
    this.#queue(wanted, () => wanted.handlers.onAcquire(epoch), 'onAcquire');
  }

  /** Gives the lease up on our own clock when no renewal came back in time (a hung database, a stall). */
  #armDeadline(wanted: Wanted): void {
    wanted.cancelDeadline?.();
    wanted.cancelDeadline = this.#clock.setTimer(
      () => {
        wanted.cancelDeadline = undefined;
        if (wanted.epoch === undefined) return;
        if (performance.now() < wanted.validUntil) return this.#armDeadline(wanted);
        void this.#lose(wanted, 'not renewed within ttl − margin');
      },
      Math.max(0, Math.ceil(wanted.validUntil - performance.now())),
    );
  }

  #lose(wanted: Wanted, why: string): Promise<void> {
    // Not held: nothing to wait for (awaiting the callback chain here could be a handler awaiting itself).
    if (wanted.epoch === undefined) return Promise.resolve();
    this.#log.warn({ lease: wanted.name, epoch: wanted.epoch, why }, 'lease lost');
    wanted.epoch = undefined;
    wanted.cancelDeadline?.();
    wanted.cancelDeadline = undefined;
    return this.#queue(wanted, () => wanted.handlers.onLose(), 'onLose');
  }

  #queue(wanted: Wanted, callback: () => void | Promise<void>, what: string): Promise<void> {
    wanted.callbacks = wanted.callbacks.then(callback).catch((err: unknown) => {
      this.#log.error({ lease: wanted.name, err: errorMessage(err) }, `lease ${what} failed`);
    });
    return wanted.callbacks;
  }

  /** Stop the work first (onLose), then release: the next holder never starts while we still run. */
  async #handOver(wanted: Wanted): Promise<void> {
    // Not waiting for an attempt in flight (it may hang with the database): #acquire releases what it took late.
    await this.#lose(wanted, 'handed over');
    await this.#release(wanted.name);
  }

  async #release(name: string): Promise<void> {
    try {
      await this.#leases.release(name, this.#node);
    } catch (err) {
      this.#log.warn({ lease: name, err: errorMessage(err) }, 'lease release failed; it expires after ttl');
    }
  }
}
