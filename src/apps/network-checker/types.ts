import type { PortableMessage } from 'opsbot';

/** One port as both pollers report it; fields a method cannot see are left out. */
export interface PortState {
  /** Cisco words: connected, notconnect, disabled, err-disabled, … (SNMP maps onto them). */
  status: string;
  up: boolean;
  /** The description (Name column, ifAlias). */
  name?: string;
  vlan?: string;
  duplex?: string;
  speed?: string;
  type?: string;
}

/** What one successful poll of a device returned. */
export interface Poll {
  ports: Record<string, PortState>;
  /** sysUpTime in hundredths of a second (SNMP only). */
  uptimeTicks?: number;
}

export interface FlapState {
  /** When the port changed, within the flap window. */
  times: number[];
  flapping: boolean;
}

/** Kept per device in the app's store between runs. */
export interface DeviceState {
  reachable: boolean;
  /** Failed polls in a row. */
  failures: number;
  lastError?: string;
  /** When the device stopped answering (set while unreachable). */
  downSince?: number;
  /** Unset until the first successful poll. */
  ports?: Record<string, PortState>;
  uptimeTicks?: number;
  polledAt?: number;
  flaps: Record<string, FlapState>;
}

export type AlertKind =
  | 'port-down'
  | 'port-up'
  | 'status'
  | 'speed'
  | 'duplex'
  | 'vlan'
  | 'description'
  | 'port-added'
  | 'port-removed'
  | 'flapping'
  | 'stable'
  | 'unreachable'
  | 'recovered'
  | 'reboot'
  | 'quiet-summary';

export interface Alert {
  kind: AlertKind;
  device: string;
  port?: string;
  message: PortableMessage;
}

export type PollResult = { ok: true; poll: Poll } | { ok: false; error: string };
