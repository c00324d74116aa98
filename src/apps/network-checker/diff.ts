import * as texts from './alerts.ts';
import type { Alert, DeviceState, FlapState, PollResult, PortState } from './types.ts';

/**
 * Compares one poll with the stored state of the device and says what to alert. Pure: the caller
 * stores the returned state and sends (or, in quiet hours, holds back) the alerts.
 *
 * - The first successful poll of a device only records it.
 * - Up/down is one alert; speed and duplex count only while the port stays up (a down port shows
 *   `auto`, and the up alert carries the new speed); VLAN always; description when asked to.
 * - A port that changed in `flap.changes` polls within `flap.windowMs` gets one `flapping` alert
 *   and nothing more until it has not changed for a whole window: then one `stable` alert.
 * - A failed poll alerts once (after `failuresBeforeAlert` in a row); the next good one alerts
 *   `recovered`. A device whose sysUpTime went backwards alerts `reboot`.
 */

export interface DiffSettings {
  flap: { changes: number; windowMs: number };
  description: boolean;
  failuresBeforeAlert: number;
}

export interface DiffInput {
  device: string;
  host: string;
  previous: DeviceState | undefined;
  result: PollResult;
  now: number;
  settings: DiffSettings;
}

export function emptyState(): DeviceState {
  return { reachable: true, failures: 0, flaps: {} };
}

export function evaluate(input: DiffInput): { state: DeviceState; alerts: Alert[] } {
  const { device, host, now, settings } = input;
  const previous = input.previous ?? emptyState();
  const state: DeviceState = structuredClone(previous);
  const alerts: Alert[] = [];

  if (!input.result.ok) {
    state.failures = previous.failures + 1;
    state.lastError = input.result.error;
    if (previous.failures === 0) state.downSince = now;
    if (previous.reachable && state.failures >= settings.failuresBeforeAlert) {
      state.reachable = false;
      alerts.push(texts.unreachable(device, host, input.result.error, state.failures));
    }
    return { state, alerts };
  }

  const poll = input.result.poll;
  if (!previous.reachable) alerts.push(texts.recovered(device, host, previous.downSince, now));
  state.reachable = true;
  state.failures = 0;
  delete state.lastError;
  delete state.downSince;
  state.polledAt = now;

  if (
    previous.uptimeTicks !== undefined &&
    poll.uptimeTicks !== undefined &&
    poll.uptimeTicks < previous.uptimeTicks
  ) {
    alerts.push(texts.reboot(device, poll.uptimeTicks));
  }
  if (poll.uptimeTicks === undefined) delete state.uptimeTicks;
  else state.uptimeTicks = poll.uptimeTicks;

  const before = previous.ports;
  state.ports = poll.ports;
  if (!before) return { state, alerts };

  const names = new Set([...Object.keys(before), ...Object.keys(poll.ports)]);
  for (const port of [...names].sort(comparePorts)) {
    const portAlerts = portChanges(device, port, before[port], poll.ports[port], settings);
    const flap = state.flaps[port] ?? { times: [], flapping: false };
    alerts.push(...applyFlapping(device, port, flap, portAlerts, poll.ports[port], now, settings));
    if (flap.times.length || flap.flapping) state.flaps[port] = flap;
    else delete state.flaps[port];
  }
  return { state, alerts };
}

function portChanges(
  device: string,
  port: string,
  was: PortState | undefined,
  now: PortState | undefined,
  settings: DiffSettings,
): Alert[] {
  if (!was && now) return [texts.portAdded(device, port, now)];
  if (was && !now) return [texts.portRemoved(device, port, was)];
  if (!was || !now) return [];
  const out: Alert[] = [];
  if (was.up && !now.up) out.push(texts.portDown(device, port, was, now));
  else if (!was.up && now.up) out.push(texts.portUp(device, port, was, now));
  else if (was.status !== now.status) {
    out.push(texts.fieldChanged('status', device, port, was.status, now.status, now));
  }
  if (was.up && now.up) {
    if (differs(was.speed, now.speed)) {
      out.push(texts.fieldChanged('speed', device, port, was.speed ?? '', now.speed ?? '', now));
    }
    if (differs(was.duplex, now.duplex)) {
      out.push(texts.fieldChanged('duplex', device, port, was.duplex ?? '', now.duplex ?? '', now));
    }
  }
  if (differs(was.vlan, now.vlan)) {
    out.push(texts.fieldChanged('vlan', device, port, was.vlan ?? '', now.vlan ?? '', now));
  }
  if (settings.description && (was.name ?? '') !== (now.name ?? '')) {
    out.push(texts.fieldChanged('description', device, port, was.name ?? '', now.name ?? '', now));
  }
  return out;
}

/** Both known and different: a field one poll could not read is no change. */
function differs(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

/** Updates `flap` in place; returns the alerts to send for this port. */
function applyFlapping(
  device: string,
  port: string,
  flap: FlapState,
  changes: Alert[],
  current: PortState | undefined,
  now: number,
  settings: DiffSettings,
): Alert[] {
  const { windowMs, changes: limit } = settings.flap;
  // A port that appears or disappears is not flapping, and one that is gone has nothing left to track.
  if (!current || changes.some((a) => a.kind === 'port-added')) {
    flap.times = [];
    flap.flapping = false;
    return changes;
  }
  // Description edits are someone's typing, not the link.
  const counted = changes.filter((a) => a.kind !== 'description');
  flap.times = flap.times.filter((t) => now - t < windowMs);
  if (counted.length) flap.times.push(now);
  if (flap.flapping) {
    const last = flap.times.at(-1);
    if (last === undefined) {
      flap.flapping = false;
      return [texts.stable(device, port, windowMs, current)];
    }
    return [];
  }
  if (limit > 0 && flap.times.length >= limit) {
    flap.flapping = true;
    return [texts.flapping(device, port, flap.times.length, windowMs, current)];
  }
  return changes;
}

/** Gi1/0/2 before Gi1/0/10. */
function comparePorts(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
