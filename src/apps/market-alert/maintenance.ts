import { Cron } from 'croner';
import type { AppStore, Clock, Severity } from 'opsbot';
import { type Batch, inBatch } from './batch.ts';
import type { MaintenanceOptions } from './options.ts';
import type { Alert } from './rules.ts';

/**
 * Maintenance windows: `{ cron, duration, sources?, types? }`. A window opens at each cron
 * occurrence and lasts `duration`. An alert that matches an open window is not sent; it is held
 * (durably, under `m/<window>`, grouped by source + type + text with a count) and all of a window's
 * held alerts go out as one summary per target when the window closes. Held windows survive a
 * restart; one that closed while the app was down is summarised at start. As in coalesce.ts,
 * changes go into the pipeline's Batch, or are written at once without one.
 */

export interface HeldGroup {
  source: string;
  ip: string;
  known: boolean;
  type: string;
  severity: Severity;
  text: string;
  count: number;
  firstAt: number;
}

export interface HeldWindow {
  id: string;
  name: string;
  start: number;
  end: number;
  total: number;
  lastSeq: number;
  groups: HeldGroup[];
  /** Alerts beyond MAX_GROUPS distinct ones: counted only. */
  overflow: number;
}

export interface OpenWindow {
  id: string;
  name: string;
  start: number;
  end: number;
}

const MAX_GROUPS = 200;

interface MaintenanceDeps {
  store: AppStore;
  clock: Clock;
  schedule: (task: () => Promise<void>) => void;
  /** Adds the summaries of a closed window to the batch. */
  summarize: (window: HeldWindow, batch: Batch) => Promise<void> | void;
  /** Commits a batch of a closing window. Default: its state changes go to the store. */
  commit?: (batch: Batch) => Promise<unknown>;
}

interface CompiledWindow {
  spec: MaintenanceOptions;
  name: string;
  cron: Cron;
}

export class Maintenance {
  static readonly PREFIX = 'm/';
  private readonly windows: CompiledWindow[];
  private readonly held = new Map<string, HeldWindow>();
  private readonly timers = new Map<string, () => void>();

  private readonly deps: MaintenanceDeps;

  constructor(specs: MaintenanceOptions[], timezone: string, deps: MaintenanceDeps) {
    this.deps = deps;
    this.windows = specs.map((spec, i) => ({
      spec,
      name: spec.name ?? `maintenance ${i + 1}`,
      cron: new Cron(spec.cron, { timezone: spec.timezone ?? timezone, paused: true }),
    }));
  }

  /** The open window an alert falls into at `now`, if any (the first listed that matches). */
  windowFor(alert: Pick<Alert, 'source' | 'ip' | 'type'>, now: number): OpenWindow | null {
    for (const [i, w] of this.windows.entries()) {
      if (w.spec.sources && !w.spec.sources.some((s) => s === alert.source || s === alert.ip)) continue;
      if (w.spec.types && !w.spec.types.includes(alert.type)) continue;
      const open = openAt(w.cron, w.spec.duration, now);
      if (open) return { id: `${i}-${open.start}`, name: w.name, ...open };
    }
    return null;
  }

  async load(): Promise<void> {
    for (const { value } of await this.deps.store.list(Maintenance.PREFIX)) {
      const window = value as HeldWindow;
      if (!window?.id) continue;
      this.held.set(window.id, window);
      this.arm(window);
    }
  }

  /** Holds an alert in its window; false when it was already held (a journal replay). */
  async hold(alert: Alert, open: OpenWindow, batch?: Batch): Promise<boolean> {
    let window = this.held.get(open.id);
    if (!window) {
      window = { ...open, total: 0, lastSeq: 0, groups: [], overflow: 0 };
      this.held.set(open.id, window);
      this.arm(window);
    }
    if (alert.seq <= window.lastSeq) return false;
    window.total++;
    window.lastSeq = alert.seq;
    const group = window.groups.find(
      (g) => g.source === alert.source && g.type === alert.type && g.text === alert.text,
    );
    if (group) group.count++;
    else if (window.groups.length < MAX_GROUPS) {
      window.groups.push({
        source: alert.source,
        ip: alert.ip,
        known: alert.known,
        type: alert.type,
        severity: alert.severity,
        text: alert.text,
        count: 1,
        firstAt: alert.receivedAt,
      });
    } else window.overflow++;
    const held = window;
    await this.within(batch, (b) => b.set(Maintenance.PREFIX + held.id, held));
    return true;
  }

  heldCount(): number {
    let n = 0;
    for (const w of this.held.values()) n += w.total;
    return n;
  }

  stop(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  /** Forgets what is in memory and reads the store again (after a commit failed). */
  async reload(): Promise<void> {
    this.stop();
    this.held.clear();
    await this.load();
  }

  private arm(window: HeldWindow): void {
    this.timers.get(window.id)?.();
    const cancel = this.deps.clock.setTimer(
      () => this.deps.schedule(() => this.close(window.id)),
      Math.max(0, window.end - this.deps.clock.now()),
    );
    this.timers.set(window.id, cancel);
  }

  private async close(id: string): Promise<void> {
    const window = this.held.get(id);
    this.timers.delete(id);
    if (!window) return;
    await this.within(undefined, async (b) => {
      if (window.total > 0) await this.deps.summarize(window, b);
      this.held.delete(id);
      b.delete(Maintenance.PREFIX + id);
    });
  }

  private within(batch: Batch | undefined, work: (batch: Batch) => Promise<void> | void): Promise<void> {
    const commit = this.deps.commit ?? ((b: Batch) => this.deps.store.write(b.changes()));
    return inBatch(batch, commit, work);
  }
}

/** The window of a cron + duration that contains `now`: [occurrence, occurrence + duration). */
export function openAt(cron: Cron, durationMs: number, now: number): { start: number; end: number } | null {
  if (durationMs <= 0) return null;
  // Occurrences strictly after now - duration and at or before now; the earliest is the one we are in.
  let occurrence = cron.nextRun(new Date(now - durationMs));
  while (occurrence && occurrence.getTime() <= now) {
    const start = occurrence.getTime();
    if (start + durationMs > now) return { start, end: start + durationMs };
    occurrence = cron.nextRun(occurrence);
  }
  return null;
}
