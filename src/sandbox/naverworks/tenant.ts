/**
 * The ready-made tenant `opsbot sandbox` serves: one client, one bot, a few users and a channel.
 * Generated once and kept under `<dataDir>/sandbox/naverworks/`, so a daemon configured against it
 * keeps working across restarts. Secrets live only in their own 0600 files, never in tenant.json,
 * so the config can point at them with `${file:…}` and nothing has to print them.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorksChannelSeed, WorksEmulatorOptions, WorksUser } from './types.ts';

export const TENANT_SCOPES = ['bot', 'bot.read', 'user.read', 'directory.read', 'calendar'];

/** What tenant.json holds: identifiers a person may read, edit or paste, and no secret. */
export interface TenantFacts {
  clientId: string;
  serviceAccount: string;
  botId: string;
  domainId: number;
  users: WorksUser[];
  channels: WorksChannelSeed[];
}

export interface TenantFiles {
  dir: string;
  tenant: string;
  privateKey: string;
  clientSecret: string;
  botSecret: string;
}

export interface SandboxTenant {
  facts: TenantFacts;
  files: TenantFiles;
  clientSecret: string;
  botSecret: string;
  privateKeyPem: string;
  publicKeyPem: string;
  /** True when this call generated the tenant (first run). */
  created: boolean;
}

const PEOPLE: Array<[last: string, first: string, email: string]> = [
  ['김', '민준', 'minjun.kim@example.com'],
  ['이', '서연', 'seoyeon.lee@example.com'],
  ['박', '지호', 'jiho.park@example.com'],
  ['최', '수아', 'sua.choi@example.com'],
  ['정', '도윤', 'doyun.jung@example.com'],
];

export function tenantFiles(dataDir: string): TenantFiles {
  const dir = path.join(path.resolve(dataDir), 'sandbox', 'naverworks');
  return {
    dir,
    tenant: path.join(dir, 'tenant.json'),
    privateKey: path.join(dir, 'works-private.key'),
    clientSecret: path.join(dir, 'client-secret'),
    botSecret: path.join(dir, 'bot-secret'),
  };
}

function alnum(length: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length }, () => chars[randomInt(chars.length)]).join('');
}

/** Shaped like the console's: a 20-char client id, a numeric bot id, UUID user ids. */
export function generateFacts(): TenantFacts {
  const users = PEOPLE.map(([lastName, firstName, email]) => ({
    userId: randomUUID(),
    email,
    lastName,
    firstName,
  }));
  const botId = String(randomInt(1_000_000, 9_999_999));
  return {
    clientId: alnum(20),
    serviceAccount: `${alnum(5).toLowerCase()}.serviceaccount@example.com`,
    botId,
    domainId: 10000001,
    users,
    channels: [{ channelId: randomUUID(), botId, title: '운영팀', members: users.map((u) => u.userId) }],
  };
}

function errorCode(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

/** Reads the file, or writes what make() returns when it is missing; either way leaves it 0600. */
function readOrCreate(file: string, make: () => string): { text: string; created: boolean } {
  try {
    const text = readFileSync(file, 'utf8');
    chmodSync(file, 0o600);
    return { text: text.replace(/(\r?\n)+$/, ''), created: false };
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  const text = make();
  try {
    // wx: never follow a link planted at this path, and never clobber what a parallel start just wrote.
    writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return readOrCreate(file, make);
    throw err;
  }
  // A umask could have loosened the mode asked for above.
  chmodSync(file, 0o600);
  return { text, created: true };
}

type Fields = Record<string, 'string' | 'string?' | 'strings'>;
const USER_FIELDS: Fields = { userId: 'string', email: 'string', lastName: 'string?', firstName: 'string?' };
const CHANNEL_FIELDS: Fields = { channelId: 'string', botId: 'string', title: 'string?', members: 'strings' };

/** What is wrong with one users/channels entry, or null; a bad entry would otherwise surface as a 500 later. */
function badEntry(entry: unknown, fields: Fields): string | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'is not an object';
  const v = entry as Record<string, unknown>;
  for (const [key, kind] of Object.entries(fields)) {
    const value = v[key];
    if (kind === 'string?' && value !== undefined && typeof value !== 'string')
      return `has a non-string ${key}`;
    if (kind === 'string' && (typeof value !== 'string' || value === '')) return `lacks ${key}`;
    if (kind === 'strings' && !(Array.isArray(value) && value.every((m) => typeof m === 'string'))) {
      return `needs ${key} as a list of strings`;
    }
  }
  return null;
}

function parseFacts(file: string, text: string): TenantFacts {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); fix it or delete the folder`);
  }
  const facts = value as Partial<TenantFacts> | null;
  if (
    !facts ||
    typeof facts.clientId !== 'string' ||
    typeof facts.serviceAccount !== 'string' ||
    typeof facts.botId !== 'string' ||
    !Array.isArray(facts.users) ||
    !Array.isArray(facts.channels)
  ) {
    throw new Error(
      `${file} lacks clientId, serviceAccount, botId, users or channels; fix it or delete the folder`,
    );
  }
  const lists: Array<[string, unknown[], Fields]> = [
    ['users', facts.users, USER_FIELDS],
    ['channels', facts.channels, CHANNEL_FIELDS],
  ];
  for (const [name, list, fields] of lists) {
    for (const [i, entry] of list.entries()) {
      const problem = badEntry(entry, fields);
      if (problem) throw new Error(`${file}: ${name}[${i}] ${problem}; fix it or delete the folder`);
    }
  }
  return { domainId: 10000001, ...facts } as TenantFacts;
}

export function loadOrCreateTenant(dataDir: string): SandboxTenant {
  const files = tenantFiles(dataDir);
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing folder as it is, and a umask can loosen a new one; the keys live here.
  chmodSync(files.dir, 0o700);
  const tenant = readOrCreate(files.tenant, () => JSON.stringify(generateFacts(), null, 2));
  const facts = parseFacts(files.tenant, tenant.text);
  const clientSecret = readOrCreate(files.clientSecret, () => randomBytes(24).toString('base64url')).text;
  const botSecret = readOrCreate(files.botSecret, () => randomBytes(24).toString('base64url')).text;
  const privateKeyPem = readOrCreate(files.privateKey, () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  ).text;
  const publicKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  return { facts, files, clientSecret, botSecret, privateKeyPem, publicKeyPem, created: tenant.created };
}

/** Emulator options serving this tenant; the bot's callbacks go to callbackUrl. */
export function tenantEmulatorOptions(
  tenant: SandboxTenant,
  listen: { host: string; port: number; callbackUrl: string },
): WorksEmulatorOptions {
  const { facts } = tenant;
  return {
    clients: [
      {
        clientId: facts.clientId,
        clientSecret: tenant.clientSecret,
        serviceAccount: facts.serviceAccount,
        publicKeyPem: tenant.publicKeyPem,
        // No scope list: the sandbox grants whatever a config asks for, so trying things never stalls on it.
      },
    ],
    bots: [{ botId: facts.botId, botSecret: tenant.botSecret, callbackUrl: listen.callbackUrl }],
    users: facts.users,
    channels: facts.channels,
    domainId: facts.domainId,
    host: listen.host,
    port: listen.port,
  };
}
