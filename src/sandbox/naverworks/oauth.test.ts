import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, CLIENT, jwtForm, makeAssertion, postForm, start } from './testkit.ts';

// Claims are fixed up front so no case depends on which second the test runs in.
const T = Math.floor(Date.now() / 1000);
let emu: WorksEmulator;
let clock = Date.now();
beforeEach(async () => {
  clock = Date.now();
  emu = await start({ now: () => clock, accessTokenTtl: 3600 });
});
afterEach(() => emu.close());

async function jwtError(assertion: string, overrides: Record<string, string> = {}) {
  const res = await postForm(`${emu.authUrl}/token`, jwtForm(assertion, overrides));
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('JWT bearer grant', () => {
  it('issues a token with expires_in as a string', async () => {
    const res = await postForm(`${emu.authUrl}/token`, jwtForm(makeAssertion()));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['token_type']).toBe('Bearer');
    expect(body['expires_in']).toBe('3600');
    expect(body['scope']).toBe('bot bot.read');
    expect(typeof body['access_token']).toBe('string');
    expect(typeof body['refresh_token']).toBe('string');
    expect(emu.state.tokenCalls['jwt-bearer']).toBe(1);
  });

  it('rejects a signature from another key', async () => {
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    expect(await jwtError(makeAssertion({ privateKey: other.privateKey }))).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'signature verification failed' },
    });
  });

  it.each([
    ['float iat', { iat: T + 0.5, exp: T + 3600 }, 'iat must be an integer'],
    ['expired', { iat: T - 7200, exp: T - 3600 }, 'assertion expired'],
    ['lifetime over 1 h', { iat: T, exp: T + 3601 }, 'assertion lifetime exceeds 3600 seconds'],
    ['standard base64', { standardBase64: true }, 'payload is not base64url without padding'],
    ['wrong iss', { iss: 'other' }, 'iss must equal client_id'],
    ['wrong sub', { sub: 'x.serviceaccount@example.com' }, 'sub must be the service account'],
    ['HS256 header', { alg: 'HS256' }, 'header alg must be RS256'],
  ])('rejects %s', async (_name, knobs, reason) => {
    expect(await jwtError(makeAssertion(knobs))).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: reason },
    });
  });

  it('rejects a wrong client secret with 401 invalid_client', async () => {
    const r = await jwtError(makeAssertion(), { client_secret: 'nope' });
    expect(r.status).toBe(401);
    expect(r.body['error']).toBe('invalid_client');
  });

  it('rejects scopes the app does not have', async () => {
    const r = await jwtError(makeAssertion(), { scope: 'bot mail' });
    expect(r).toEqual({
      status: 400,
      body: { error: 'invalid_scope', error_description: 'scope not granted' },
    });
  });

  it('rejects a JSON body with 400', async () => {
    const res = await fetch(`${emu.authUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(jwtForm(makeAssertion())),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Record<string, string>)['error']).toBe('invalid_request');
  });
});

async function authorize(params: Record<string, string>) {
  const q = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUri,
    scope: 'calendar user.read',
    response_type: 'code',
    state: 'csrf-1',
    ...params,
  });
  const res = await fetch(`${emu.authUrl}/authorize?${q}`, { redirect: 'manual' });
  return { status: res.status, location: new URL(res.headers.get('location') ?? 'http://none/') };
}

function codeForm(code: string): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    redirect_uri: CLIENT.redirectUri,
  };
}

describe('authorization code and refresh', () => {
  it('round-trips authorize → code → token, and a code works once', async () => {
    const { status, location } = await authorize({});
    expect(status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(CLIENT.redirectUri);
    expect(location.searchParams.get('state')).toBe('csrf-1');
    const code = location.searchParams.get('code')!;
    const first = await postForm(`${emu.authUrl}/token`, codeForm(code));
    expect(first.status).toBe(200);
    expect(((await first.json()) as Record<string, string>)['scope']).toBe('calendar user.read');
    const again = await postForm(`${emu.authUrl}/token`, codeForm(code));
    expect(again.status).toBe(400);
    expect(((await again.json()) as Record<string, string>)['error']).toBe('invalid_grant');
    expect(emu.state.tokenCalls.authorization_code).toBe(2);
  });

  it('refuses a redirect_uri other than the registered one without redirecting', async () => {
    const r = await authorize({ redirect_uri: 'https://evil.example.com/cb' });
    expect(r.status).toBe(400);
  });

  it('redirects invalid_scope back to the client', async () => {
    const r = await authorize({ scope: 'mail' });
    expect(r.status).toBe(302);
    expect(r.location.searchParams.get('error')).toBe('invalid_scope');
    expect(r.location.searchParams.get('state')).toBe('csrf-1');
  });

  it('rotates refresh tokens and rejects the old one', async () => {
    const { location } = await authorize({});
    const tokens = (await (
      await postForm(`${emu.authUrl}/token`, codeForm(location.searchParams.get('code')!))
    ).json()) as Record<string, string>;
    const refresh = (rt: string) =>
      postForm(`${emu.authUrl}/token`, {
        grant_type: 'refresh_token',
        refresh_token: rt,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      });
    const res = await refresh(tokens['refresh_token']!);
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as Record<string, string>;
    expect(rotated['refresh_token']).not.toBe(tokens['refresh_token']);
    expect(rotated['expires_in']).toBe('3600');
    const stale = await refresh(tokens['refresh_token']!);
    expect(stale.status).toBe(400);
    expect(((await stale.json()) as Record<string, string>)['error']).toBe('invalid_grant');
    expect((await refresh(rotated['refresh_token']!)).status).toBe(200);
    expect(emu.state.tokenCalls.refresh_token).toBe(3);
  });
});

describe('bearer auth on the API', () => {
  async function token() {
    const res = await postForm(`${emu.authUrl}/token`, jwtForm(makeAssertion()));
    return ((await res.json()) as Record<string, string>)['access_token']!;
  }
  const send = (t: string) =>
    api(emu, t, 'POST', '/bots/2000001/users/u1/messages', { content: { type: 'text', text: 'hi' } });

  it('answers 401 UNAUTHORIZED with www-authenticate for an expired token', async () => {
    const t = await token();
    expect((await send(t)).status).toBe(201);
    emu.state.expireToken(t);
    const res = await send(t);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await res.json()).toEqual({ code: 'UNAUTHORIZED', description: 'access token expired' });
  });

  it('expires tokens after accessTokenTtl on the emulator clock', async () => {
    const t = await token();
    clock += 3599_000;
    expect((await send(t)).status).toBe(201);
    clock += 1000;
    expect((await send(t)).status).toBe(401);
  });

  it('answers 401 for a missing or unknown token and 403 for a missing scope', async () => {
    const res = await fetch(`${emu.apiUrl}/bots/2000001/users/u1/messages`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect((await send('at-unknown')).status).toBe(401);
    const res2 = await postForm(`${emu.authUrl}/token`, jwtForm(makeAssertion(), { scope: 'calendar' }));
    const calOnly = ((await res2.json()) as Record<string, string>)['access_token']!;
    const forbidden = await send(calOnly);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as Record<string, string>)['code']).toBe('FORBIDDEN');
  });
});
