import { z } from 'opsbot';

const port = z.number().int().min(1).max(65535);

const snmp = z
  .object({
    version: z.enum(['2c', '3']).default('2c'),
    /** v2c community (a secret reference in opsbot.yaml is fine). */
    community: z.string().default('public'),
    /** v3 user; with no authKey the level is noAuthNoPriv, with authKey only authNoPriv. */
    user: z.string().optional(),
    authProtocol: z.enum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']).default('sha'),
    authKey: z.string().optional(),
    privProtocol: z.enum(['des', 'aes', 'aes256b', 'aes256r']).default('aes'),
    privKey: z.string().optional(),
    /** Extra tries per request before the poll fails (within the device's timeoutMs). */
    retries: z.number().int().min(0).max(5).default(1),
  })
  .refine((s) => s.version === '2c' || s.user !== undefined, { message: 'SNMP v3 needs user' })
  .refine((s) => s.privKey === undefined || s.authKey !== undefined, { message: 'privKey needs authKey' });

const credentials = {
  username: z.string().min(1),
  password: z.string().optional(),
  /** OpenSSH/PEM private key file (ssh only), relative to the daemon's working directory. */
  privateKeyFile: z.string().optional(),
  passphrase: z.string().optional(),
};

const jump = z.object({
  host: z.string().min(1),
  port: port.optional(),
  method: z.enum(['ssh', 'telnet']),
  ...credentials,
  /** Regex source of the jump server's shell prompt. */
  prompt: z.string().optional(),
});

const cli = z.object({
  ...credentials,
  /**
   * A jump server. ssh: the device connection is tunnelled through it (direct-tcpip). telnet: the
   * old way — log in to the jump server, then run `telnet <device host> <port>` there (the device
   * must then use telnet too).
   */
  jump: jump.optional(),
  /** Regex source of the device prompt; default: a hostname followed by > or #. */
  prompt: z.string().optional(),
  /** Lines per page sent as `terminal length N` (0 = no paging). */
  terminalLength: z.number().int().min(0).max(512).default(0),
  command: z.string().default('show interface status'),
});

export const device = z
  .object({
    name: z.string().min(1),
    host: z.string().min(1),
    /** Default 161 (snmp), 22 (ssh), 23 (telnet). */
    port: port.optional(),
    method: z.enum(['snmp', 'ssh', 'telnet']),
    snmp: snmp.optional(),
    cli: cli.optional(),
    /** Whole-poll deadline for this device; default the app's timeoutMs. */
    timeoutMs: z.number().int().min(100).optional(),
    enabled: z.boolean().default(true),
  })
  .refine((d) => d.method === 'snmp' || d.cli !== undefined, { message: 'ssh and telnet devices need cli' })
  .refine((d) => d.method !== 'ssh' || d.cli?.password !== undefined || d.cli?.privateKeyFile !== undefined, {
    message: 'ssh devices need cli.password or cli.privateKeyFile',
  })
  .refine((d) => d.cli?.jump?.method !== 'telnet' || d.method === 'telnet', {
    message: 'through a telnet jump server the device must use telnet',
  });

export const options = z.object({
  devices: z
    .array(device)
    .min(1)
    .refine((list) => new Set(list.map((d) => d.name)).size === list.length, {
      message: 'device names must be unique',
    }),
  /** Where alerts go; without it changes are only logged and stored. */
  target: z.string().optional(),
  /** Devices polled at the same time. */
  concurrency: z.number().int().min(1).max(500).default(10),
  /** Default per-device deadline. */
  timeoutMs: z.number().int().min(100).default(10_000),
  flap: z
    .object({
      /** Changes of one port within the window that make it flapping (0 = never). */
      changes: z.number().int().min(0).default(4),
      windowMinutes: z.number().positive().default(10),
    })
    .default({ changes: 4, windowMinutes: 10 }),
  /** No alerts in this daily window; state still updates. */
  quietHours: z
    .object({
      from: z.string().regex(/^\d{2}:\d{2}$/),
      to: z.string().regex(/^\d{2}:\d{2}$/),
      timezone: z.string().optional(),
      /** After the window, one message listing what was held back. */
      summary: z.boolean().default(true),
    })
    .optional(),
  /** Alert when a port's description (Name / ifAlias) changes. */
  descriptionChanges: z.boolean().default(false),
  /** Failed polls in a row before `unreachable`. */
  failuresBeforeAlert: z.number().int().min(1).default(1),
});

export type Options = z.output<typeof options>;
export type Device = z.output<typeof device>;
