import type { MessageField, Severity } from 'opsbot';
import type { Alert, AlertKind, PortState } from './types.ts';

/** The alert texts, in one place. */

function portLabel(port: string, state?: PortState): string {
  return state?.name ? `${port} (${state.name})` : port;
}

function alert(
  kind: AlertKind,
  device: string,
  port: string | undefined,
  title: string,
  text: string,
  severity: Severity,
  fields: MessageField[],
): Alert {
  const all: MessageField[] = [{ name: 'Device', value: device, inline: true }];
  if (port) all.push({ name: 'Port', value: port, inline: true });
  all.push(...fields.filter((f) => f.value !== ''));
  return { kind, device, ...(port ? { port } : {}), message: { title, text, severity, fields: all } };
}

export function portDown(device: string, port: string, was: PortState, now: PortState): Alert {
  return alert(
    'port-down',
    device,
    port,
    `${device} ${port} down`,
    `${portLabel(port, now)} on ${device} went down (${was.status} → ${now.status}).`,
    'error',
    [
      { name: 'Description', value: now.name ?? '' },
      { name: 'Status', value: now.status, inline: true },
    ],
  );
}

export function portUp(device: string, port: string, was: PortState, now: PortState): Alert {
  const speed = [now.speed, now.duplex].filter(Boolean).join(' / ');
  return alert(
    'port-up',
    device,
    port,
    `${device} ${port} up`,
    `${portLabel(port, now)} on ${device} is up again (${was.status} → ${now.status}).`,
    'success',
    [
      { name: 'Description', value: now.name ?? '' },
      { name: 'Speed / duplex', value: speed, inline: true },
    ],
  );
}

const FIELD_WORDS = {
  status: 'status',
  speed: 'speed',
  duplex: 'duplex',
  vlan: 'VLAN',
  description: 'description',
} as const;

/** A changed field of a port that did not go up or down. */
export function fieldChanged(
  kind: 'status' | 'speed' | 'duplex' | 'vlan' | 'description',
  device: string,
  port: string,
  was: string,
  now: string,
  state: PortState,
): Alert {
  const word = FIELD_WORDS[kind];
  const severity: Severity = kind === 'status' && now === 'err-disabled' ? 'error' : 'warning';
  return alert(
    kind,
    device,
    port,
    `${device} ${port} ${word} changed`,
    `${portLabel(port, state)} on ${device}: ${word} ${was || '(none)'} → ${now || '(none)'}.`,
    kind === 'description' ? 'info' : severity,
    [
      { name: 'Was', value: was || '(none)', inline: true },
      { name: 'Now', value: now || '(none)', inline: true },
    ],
  );
}

export function portAdded(device: string, port: string, state: PortState): Alert {
  return alert(
    'port-added',
    device,
    port,
    `${device} ${port} appeared`,
    `${portLabel(port, state)} appeared on ${device} (${state.status}).`,
    'info',
    [],
  );
}

export function portRemoved(device: string, port: string, was: PortState): Alert {
  return alert(
    'port-removed',
    device,
    port,
    `${device} ${port} disappeared`,
    `${portLabel(port, was)} is no longer reported by ${device}.`,
    'warning',
    [],
  );
}

export function flapping(device: string, port: string, changes: number, windowMs: number, now: PortState) {
  return alert(
    'flapping',
    device,
    port,
    `${device} ${port} flapping`,
    `${portLabel(port, now)} on ${device} changed ${changes} times in ${minutes(windowMs)}; ` +
      'further changes of this port are muted until it is stable.',
    'error',
    [{ name: 'Status', value: now.status, inline: true }],
  );
}

export function stable(device: string, port: string, windowMs: number, now: PortState): Alert {
  return alert(
    'stable',
    device,
    port,
    `${device} ${port} stable`,
    `${portLabel(port, now)} on ${device} has not changed for ${minutes(windowMs)}; it is ${now.status}.`,
    now.up ? 'success' : 'warning',
    [{ name: 'Status', value: now.status, inline: true }],
  );
}

export function unreachable(device: string, host: string, error: string, failures: number): Alert {
  return alert(
    'unreachable',
    device,
    undefined,
    `${device} unreachable`,
    `${device} (${host}) does not answer: ${error}`,
    'critical',
    [
      { name: 'Host', value: host, inline: true },
      { name: 'Failed polls', value: String(failures), inline: true },
    ],
  );
}

export function recovered(device: string, host: string, downSince: number | undefined, now: number): Alert {
  const outage = downSince === undefined ? '' : minutes(now - downSince);
  return alert(
    'recovered',
    device,
    undefined,
    `${device} reachable again`,
    `${device} (${host}) answers again${outage ? ` after ${outage}` : ''}.`,
    'success',
    [{ name: 'Host', value: host, inline: true }],
  );
}

export function reboot(device: string, uptimeTicks: number): Alert {
  return alert(
    'reboot',
    device,
    undefined,
    `${device} rebooted`,
    `${device} restarted: its uptime went back to ${duration(uptimeTicks * 10)}.`,
    'warning',
    [{ name: 'Uptime', value: duration(uptimeTicks * 10), inline: true }],
  );
}

export function quietSummary(alerts: Array<{ title: string; at: number }>, max = 30): Alert {
  const lines = alerts.slice(0, max).map((a) => `• ${a.title}`);
  if (alerts.length > max) lines.push(`… and ${alerts.length - max} more`);
  return {
    kind: 'quiet-summary',
    device: '*',
    message: {
      title: `Network changes during quiet hours (${alerts.length})`,
      text: lines.join('\n'),
      severity: 'info',
    },
  };
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 1 ? `${m} min` : `${Math.round(ms / 1000)} s`;
}

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d ? `${d}d ${h}h ${m}m` : h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}
