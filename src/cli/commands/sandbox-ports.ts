import { createServer } from 'node:net';
import { OpsbotError, usageError } from '../../platform/errors.ts';

/**
 * The complete sandbox's fixed ports: every emulator at a documented offset from `--port-base`
 * (default 9090), so a pasted config keeps working across restarts and a person can bookmark the
 * pages. docs/sandbox.md carries the same table; keep the two in step.
 */

export interface PortSlot {
  key: PortKey;
  offset: number;
  /** What listens there, for the table and for "port in use" errors. */
  what: string;
  protocol: 'tcp' | 'udp';
}

export type PortKey =
  | 'works'
  | 'slack'
  | 'webex'
  | 'hub'
  | 'teams'
  | 'smtp'
  | 'mailPage'
  | 'kakao'
  | 'ncp'
  | 'ncpMonitoring'
  | 'vault'
  | 'hr'
  | 'notices'
  | 'datagokr'
  | 'abstract'
  | 'fep'
  | 'snmp1'
  | 'snmp2'
  | 'snmp3'
  | 'ssh1'
  | 'telnet1';

export const PORT_TABLE: readonly PortSlot[] = [
  { key: 'works', offset: 0, what: 'NAVER WORKS emulator (API, OAuth, chat page)', protocol: 'tcp' },
  { key: 'slack', offset: 1, what: 'Slack emulator (Web API, workspace page)', protocol: 'tcp' },
  { key: 'webex', offset: 2, what: 'Webex emulator (REST, chat page)', protocol: 'tcp' },
  { key: 'hub', offset: 3, what: 'sandbox hub page', protocol: 'tcp' },
  { key: 'teams', offset: 4, what: 'Teams Workflows sink', protocol: 'tcp' },
  { key: 'smtp', offset: 5, what: 'mail sink (SMTP, STARTTLS)', protocol: 'tcp' },
  { key: 'mailPage', offset: 6, what: 'mail sink mailbox page', protocol: 'tcp' },
  { key: 'kakao', offset: 7, what: 'Kakao customer-file API', protocol: 'tcp' },
  { key: 'ncp', offset: 8, what: 'NCP API emulator', protocol: 'tcp' },
  { key: 'ncpMonitoring', offset: 9, what: 'NCP Cloud Insight emulator', protocol: 'tcp' },
  { key: 'vault', offset: 10, what: 'Azure Key Vault emulator (HTTPS)', protocol: 'tcp' },
  { key: 'hr', offset: 11, what: 'HR time-card site', protocol: 'tcp' },
  { key: 'notices', offset: 12, what: 'notice site (HTML, RSS, Atom, JSON)', protocol: 'tcp' },
  { key: 'datagokr', offset: 13, what: 'data.go.kr holiday API', protocol: 'tcp' },
  { key: 'abstract', offset: 14, what: 'Abstract holiday API', protocol: 'tcp' },
  { key: 'fep', offset: 15, what: "market-alert's FEP listener (the daemon binds it)", protocol: 'tcp' },
  { key: 'snmp1', offset: 20, what: 'switch sw1 SNMP agent', protocol: 'udp' },
  { key: 'snmp2', offset: 21, what: 'switch sw2 SNMP agent', protocol: 'udp' },
  { key: 'snmp3', offset: 22, what: 'switch sw3 SNMP agent', protocol: 'udp' },
  { key: 'ssh1', offset: 23, what: 'switch sw1 CLI over SSH', protocol: 'tcp' },
  { key: 'telnet1', offset: 24, what: 'switch sw1 CLI over telnet', protocol: 'tcp' },
];

/** Ports from the base the block spans (the last offset + 1). */
export const BLOCK_SIZE = Math.max(...PORT_TABLE.map((p) => p.offset)) + 1;

export type Ports = Record<PortKey, number>;

export function parsePortBase(text: string | undefined): number {
  const value = text ?? '9090';
  const base = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(base) || base < 1024 || base + BLOCK_SIZE - 1 > 65535) {
    throw usageError(
      `--port-base takes a port from 1024 to ${65535 - BLOCK_SIZE + 1} (the sandbox uses ${BLOCK_SIZE} ports from it), not "${value}"`,
    );
  }
  return base;
}

export function portsFrom(base: number): Ports {
  return Object.fromEntries(PORT_TABLE.map((p) => [p.key, base + p.offset])) as Ports;
}

function tcpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Fails before anything starts when a TCP port of the block is taken, naming the port and what
 * would have listened there (UDP agents bind with their own clear error).
 */
export async function checkPortsFree(host: string, base: number): Promise<void> {
  for (const slot of PORT_TABLE) {
    if (slot.protocol !== 'tcp') continue;
    const port = base + slot.offset;
    if (!(await tcpFree(host, port))) {
      throw new OpsbotError(
        'SANDBOX',
        `port ${port} (${slot.what}) is in use on ${host}; stop what holds it or pick another block with --port-base N (the sandbox uses ${base}-${base + BLOCK_SIZE - 1})`,
      );
    }
  }
}
