/** Test-only helpers: a key pair, an assertion signer with knobs for the usual JWT mistakes. */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { startWorksEmulator, type WorksEmulator } from './emulator.ts';
import type { WorksEmulatorOptions } from './types.ts';

export const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

export const CLIENT = {
  clientId: 'client-1',
  clientSecret: 'secret-1',
  serviceAccount: 'abcd.serviceaccount@example.com',
  redirectUri: 'https://app.example.com/callback',
  scopes: ['bot', 'bot.read', 'calendar', 'user.read'],
};
export const BOT = { botId: '2000001', botSecret: 'bot-secret-xyz' };

export interface AssertionKnobs {
  iat?: number;
  exp?: number;
  iss?: string;
  sub?: string;
  alg?: string;
  privateKey?: string;
  /** Encode with standard base64 and padding instead of base64url. */
  standardBase64?: boolean;
}

export function makeAssertion(knobs: AssertionKnobs = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (v: string | Buffer) =>
    knobs.standardBase64 ? Buffer.from(v).toString('base64') : Buffer.from(v).toString('base64url');
  const header = enc(JSON.stringify({ alg: knobs.alg ?? 'RS256', typ: 'JWT' }));
  const payload = enc(
    JSON.stringify({
      iss: knobs.iss ?? CLIENT.clientId,
      sub: knobs.sub ?? CLIENT.serviceAccount,
      iat: knobs.iat ?? now,
      exp: knobs.exp ?? now + 3600,
    }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${enc(signer.sign(knobs.privateKey ?? keys.privateKey))}`;
}

export function start(extra: Partial<WorksEmulatorOptions> = {}): Promise<WorksEmulator> {
  return startWorksEmulator({
    clients: [{ ...CLIENT, publicKeyPem: keys.publicKey }],
    bots: [BOT],
    channels: [{ channelId: 'room-1', botId: BOT.botId, title: 'Desk', members: ['u1', 'u2', 'u3'] }],
    ...extra,
  });
}

export function postForm(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

export function jwtForm(assertion: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    scope: 'bot bot.read',
    ...overrides,
  };
}

/** Service-account token with bot scopes, the common case for bot tests. */
export async function serviceToken(emu: WorksEmulator, scope = 'bot bot.read'): Promise<string> {
  const res = await postForm(`${emu.authUrl}/token`, jwtForm(makeAssertion(), { scope }));
  if (res.status !== 200) throw new Error(`token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function api(emu: WorksEmulator, token: string, method: string, path: string, body?: unknown) {
  return fetch(`${emu.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    redirect: 'manual',
  });
}
