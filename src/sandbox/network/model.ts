import { EventEmitter } from 'node:events';

/**
 * A virtual switch: the one model behind both emulators (the SNMP agent serves it as IF-MIB, the
 * CLI server renders it as `show interface status`). Every change emits 'change'.
 */

export interface PortSpec {
  index: number;
  /** Short Cisco name: Gi1/0/1, Te1/1/1, Eth1/1. */
  name: string;
  /** The description (ifAlias / Name column). */
  alias?: string;
  /** Link state (ifOperStatus). Default true. */
  up?: boolean;
  /** `shutdown` when false (ifAdminStatus). Default true. */
  adminUp?: boolean;
  speedMbps?: number;
  duplex?: 'full' | 'half';
  /** VLAN number, 'trunk' or 'routed'. Default '1'. */
  vlan?: string;
  type?: string;
}

export interface DeviceSpec {
  name: string;
  ports: PortSpec[];
}

export type VirtualPort = Required<PortSpec>;

export class VirtualDevice extends EventEmitter {
  readonly name: string;
  readonly ports: VirtualPort[];
  /** Wall-clock ms of the last (virtual) boot. */
  bootedAt = Date.now();

  constructor(spec: DeviceSpec) {
    super();
    this.name = spec.name;
    this.ports = spec.ports.map((p) => ({
      index: p.index,
      name: p.name,
      alias: p.alias ?? '',
      up: p.up ?? true,
      adminUp: p.adminUp ?? true,
      speedMbps: p.speedMbps ?? 1000,
      duplex: p.duplex ?? 'full',
      vlan: p.vlan ?? '1',
      type: p.type ?? '10/100/1000BaseTX',
    }));
  }

  port(ref: string | number): VirtualPort {
    const p = this.ports.find((x) => x.index === ref || x.name === ref);
    if (!p) throw new Error(`${this.name} has no port ${ref}`);
    return p;
  }

  /** Changes fields of a port (up, adminUp, speedMbps, duplex, vlan, alias). */
  update(ref: string | number, changes: Partial<Omit<PortSpec, 'index' | 'name'>>): void {
    const p = this.port(ref);
    Object.assign(p, changes);
    this.emit('change', p);
  }

  setUp(ref: string | number, up: boolean): void {
    this.update(ref, { up });
  }

  setSpeed(ref: string | number, speedMbps: number): void {
    this.update(ref, { speedMbps });
  }

  /** Resets sysUpTime. */
  reboot(): void {
    this.bootedAt = Date.now();
    this.emit('reboot');
  }

  /** sysUpTime in hundredths of a second. */
  uptimeTicks(): number {
    return Math.floor((Date.now() - this.bootedAt) / 10) % 2 ** 32;
  }

  status(p: VirtualPort): string {
    return !p.adminUp ? 'disabled' : p.up ? 'connected' : 'notconnect';
  }

  /** Catalyst-style `show interface status`. */
  showInterfaceStatus(): string {
    const lines = ['', 'Port      Name               Status       Vlan       Duplex  Speed Type'];
    for (const p of this.ports) {
      const live = p.adminUp && p.up;
      const duplex = live ? `a-${p.duplex}` : 'auto';
      const speed = live ? `a-${speedWord(p.speedMbps)}` : 'auto';
      lines.push(
        `${p.name.padEnd(10)}${p.alias.slice(0, 18).padEnd(19)}${this.status(p).padEnd(13)}` +
          `${p.vlan.padEnd(10)}${duplex.padStart(7)} ${speed.padStart(6)} ${p.type}`,
      );
    }
    return lines.join('\r\n') + '\r\n';
  }
}

export function speedWord(mbps: number): string {
  return mbps > 1000 && mbps % 100 === 0 ? `${mbps / 1000}G` : String(mbps);
}

/** `count` ports named Gi1/0/1… with ifIndex 10101…, all up at 1000 Mbps. */
export function gigabitPorts(count: number): PortSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    index: 10101 + i,
    name: `Gi1/0/${i + 1}`,
    alias: i === 0 ? 'uplink-core' : '',
    up: true,
    speedMbps: 1000,
  }));
}
