import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ADMIN } from './console-auth.ts';
import { type ConsoleServer, consoleServer } from './test-server.ts';

const TTL = 12 * 3_600_000;

async function post(s: ConsoleServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function login(s: ConsoleServer, name: string, password: string) {
  const res = await post(s, '/console/login', { name, password });
  const cookie = res.headers.getSetCookie()[0] ?? '';
  return { res, cookie, session: cookie.split(';')[0]!, body: (await res.json()) as Record<string, string> };
}

describe('ConsoleAuthService over real HTTP', () => {
  let s: ConsoleServer;
  // A server each: the login throttle is per process and must not carry over between tests.
  beforeEach(async () => {
    s = await consoleServer();
  });
  afterEach(() => s.close());

  async function admin() {
    await s.auth.accounts.addUser({ name: 'alice', role: 'admin', password: 'alice-password' });
  }

  it('answers 503 until a first admin exists, then lets them in', async () => {
    const session = await fetch(`${s.url}/console/session`);
    expect(session.status).toBe(503);
    expect(await session.json()).toEqual({ error: NO_ADMIN });
    expect(NO_ADMIN).toBe('no console admin yet: run opsbot console user add NAME --role admin');
    expect((await post(s, '/console/login', { name: 'x', password: 'y' })).status).toBe(503);
    await s.auth.accounts.addUser({ name: 'vera', role: 'viewer', password: 'vera-password' });
    expect((await fetch(`${s.url}/console/session`)).status).toBe(503);
    await admin();
    const { res, cookie, body } = await login(s, 'alice', 'alice-password');
    expect(res.status).toBe(200);
    expect(body).toEqual({
      name: 'alice',
      role: 'admin',
      csrf: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(cookie).toMatch(/^opsbot_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Secure$/);
    expect((await s.store.consoleUsers.get('alice'))?.lastLoginAt).toBe(s.clock.now());
  });

  it('a wrong name and a wrong password get the same 401, both audited without the password', async () => {
    await admin();
    const wrongPw = await login(s, 'alice', 'not-her-password');
    const wrongName = await login(s, 'mallory', 'alice-password');
    expect([wrongPw.res.status, wrongName.res.status]).toEqual([401, 401]);
    expect(wrongPw.body).toEqual({ error: 'wrong name or password' });
    expect(wrongName.body).toEqual(wrongPw.body);
    expect(wrongPw.cookie).toBe('');
    await login(s, 'alice', 'alice-password');
    const audit = await s.store.audit.list();
    expect(audit.map((e) => [e.actor, e.action, e.outcome, e.args])).toEqual([
      ['alice', 'login', 'ok', { address: '127.0.0.1' }],
      ['mallory', 'login', 'denied', { address: '127.0.0.1' }],
      ['alice', 'login', 'denied', { address: '127.0.0.1' }],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/"password"|alice-password|not-her-password/);
  });

  it('throttles after 5 failures: 429 with Retry-After, even for the right password', async () => {
    await admin();
    for (let i = 0; i < 5; i++) expect((await login(s, 'alice', `wrong-${i}-password`)).res.status).toBe(401);
    const refused = await login(s, 'alice', 'alice-password');
    expect(refused.res.status).toBe(429);
    expect(refused.res.headers.get('retry-after')).toBe('60');
    expect(refused.body).toEqual({ error: 'too many failed logins: try again in 60s' });
    expect((await s.store.audit.list({ limit: 1 }))[0]).toMatchObject({
      outcome: 'denied',
      error: 'too many failed logins',
    });
    await s.clock.advance(60_000);
    expect((await login(s, 'alice', 'alice-password')).res.status).toBe(200);
  });

  it('answers 400 to a body that is not the JSON it needs', async () => {
    await admin();
    for (const body of ['{not json', '[]', '{"name":"alice"}', '{"name":1,"password":"x"}', '']) {
      const res = await post(s, '/console/login', body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'send JSON {"name": "…", "password": "…"}' });
    }
  });

  it('a session slides with use, expires after console.sessionTtl idle, and needs its CSRF token for changes', async () => {
    await admin();
    const { session, body } = await login(s, 'alice', 'alice-password');
    const get = () => fetch(`${s.url}/console/session`, { headers: { cookie: session } });
    expect(await (await get()).json()).toEqual({
      name: 'alice',
      role: 'admin',
      via: 'console',
      csrf: body.csrf,
    });
    await s.clock.advance(TTL - 1_000);
    expect((await get()).status).toBe(200);
    await s.clock.advance(TTL - 1_000);
    expect((await get()).status).toBe(200);

    const whoami = (headers: Record<string, string>) =>
      fetch(`${s.url}/api/v1/whoami`, { method: 'POST', headers: { cookie: session, ...headers } });
    expect(await (await whoami({})).json()).toEqual({ error: 'bad CSRF token' });
    expect((await whoami({ 'x-csrf-token': `${body.csrf!.slice(1)}x` })).status).toBe(403);
    const evil = await whoami({ 'x-csrf-token': body.csrf!, origin: 'http://evil.example' });
    expect([evil.status, await evil.json()]).toEqual([403, { error: 'cross-origin request refused' }]);
    const ok = await whoami({ 'x-csrf-token': body.csrf!, origin: s.url });
    expect(await ok.json()).toEqual({ name: 'alice', role: 'admin', via: 'console' });

    await s.clock.advance(TTL + 1);
    const expired = await get();
    expect([expired.status, await expired.json()]).toEqual([401, { error: 'session expired' }]);
    expect(await (await get()).json()).toEqual({ error: 'not signed in' });
    expect(await (await fetch(`${s.url}/console/session`)).json()).toEqual({ error: 'not signed in' });
  });

  it('logout needs the CSRF token, clears the cookie and ends the session', async () => {
    await admin();
    const { session, body } = await login(s, 'alice', 'alice-password');
    expect((await post(s, '/console/logout', '', { cookie: session })).status).toBe(403);
    const out = await post(s, '/console/logout', '', { cookie: session, 'x-csrf-token': body.csrf! });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()).toEqual([
      'opsbot_session=; HttpOnly; SameSite=Strict; Path=/; Secure; Max-Age=0',
    ]);
    expect((await fetch(`${s.url}/console/session`, { headers: { cookie: session } })).status).toBe(401);
    expect((await s.store.audit.list({ limit: 1 }))[0]).toMatchObject({
      actor: 'alice',
      action: 'logout',
      outcome: 'ok',
    });
  });

  it('a bearer token acts with its user’s current role, via api; revoked or unknown → 401', async () => {
    await admin();
    await s.auth.accounts.addUser({ name: 'vera', role: 'viewer', password: 'vera-password' });
    const { id, token } = await s.auth.accounts.createToken('vera', 'ci');
    const whoami = (auth: string, method = 'GET') =>
      fetch(`${s.url}/api/v1/whoami`, { method, headers: { authorization: auth } });
    expect(await (await whoami(`Bearer ${token}`)).json()).toEqual({
      name: 'vera',
      role: 'viewer',
      via: 'api',
    });
    // No CSRF token for scripts: browsers never send an Authorization header on their own.
    expect(await (await whoami(`Bearer ${token}`, 'POST')).json()).toMatchObject({ role: 'viewer' });
    await s.auth.accounts.updateUser({ name: 'vera', role: 'operator' });
    expect(await (await whoami(`Bearer ${token}`)).json()).toEqual({
      name: 'vera',
      role: 'operator',
      via: 'api',
    });
    expect((await s.store.apiTokens.get(id))?.lastUsedAt).toBe(s.clock.now());
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [`Bearer ${forged}`, 'Bearer obt_nope', 'Basic abc']) {
      const res = await whoami(bad);
      expect([res.status, await res.json()]).toEqual([401, { error: 'invalid or revoked API token' }]);
    }
    const second = await s.auth.accounts.createToken('vera');
    await s.auth.accounts.revokeToken(id);
    expect((await whoami(`Bearer ${token}`)).status).toBe(401);
    expect((await whoami(`Bearer ${second.token}`)).status).toBe(200);
    // A removed user's tokens go with them.
    await s.auth.accounts.removeUser('vera');
    expect((await whoami(`Bearer ${second.token}`)).status).toBe(401);
  });

  it('proxy auth: the header counts only from trusted addresses, with the local role or the default', async () => {
    await admin();
    s.config = { ...s.config, auth: 'proxy', proxy: { ...s.config.proxy, trusted: ['127.0.0.1'] } };
    const as = (user: string, init: RequestInit = {}) =>
      fetch(`${s.url}/console/session`, { ...init, headers: { 'x-forwarded-user': user, ...init.headers } });
    const sso = (await (await as('sso-user')).json()) as { csrf: string };
    expect(sso).toEqual({ name: 'sso-user', role: 'viewer', via: 'proxy', csrf: expect.any(String) });
    expect(await (await as('alice')).json()).toMatchObject({ name: 'alice', role: 'admin', via: 'proxy' });
    // Changes need the token the page got from /console/session, as with cookie logins.
    const change = (headers: Record<string, string>) =>
      fetch(`${s.url}/api/v1/whoami`, {
        method: 'DELETE',
        headers: { 'x-forwarded-user': 'sso-user', ...headers },
      });
    expect((await change({})).status).toBe(403);
    expect(await (await change({ 'x-csrf-token': sso.csrf })).json()).toEqual({
      name: 'sso-user',
      role: 'viewer',
      via: 'proxy',
    });
    s.config = { ...s.config, proxy: { ...s.config.proxy, trusted: ['10.1.2.3'] } };
    const untrusted = await as('alice');
    expect([untrusted.status, await untrusted.json()]).toEqual([
      401,
      { error: 'the proxy user header is accepted only from console.proxy.trusted' },
    ]);
    // Without the header, proxy mode still takes a local login (the break-glass admin).
    const { session } = await login(s, 'alice', 'alice-password');
    expect(
      await (await fetch(`${s.url}/console/session`, { headers: { cookie: session } })).json(),
    ).toMatchObject({ via: 'console' });
  });

  // app.inject sets the socket's remoteAddress without a real connection: this checks our gate's
  // logic on that address, not how the kernel reports peers (a real non-loopback peer needs a
  // second host, which this test machine does not have).
  it('answers only loopback peers unless console.public is true', async () => {
    await admin();
    const from = (remoteAddress: string) =>
      s.app.inject({ method: 'GET', url: '/console/session', remoteAddress });
    const outside = await from('192.0.2.10');
    expect([outside.statusCode, outside.json()]).toEqual([
      403,
      { error: 'the console answers only on loopback; set console.public: true' },
    ]);
    expect((await from('::ffff:192.0.2.10')).statusCode).toBe(403);
    expect((await from('2001:db8::1')).statusCode).toBe(403);
    for (const loopback of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect([loopback, (await from(loopback)).json()]).toEqual([loopback, { error: 'not signed in' }]);
    }
    const login = await s.app.inject({
      method: 'POST',
      url: '/console/login',
      remoteAddress: '192.0.2.10',
      payload: { name: 'alice', password: 'alice-password' },
    });
    expect(login.statusCode).toBe(403);
    s.config = { ...s.config, public: true };
    expect((await from('192.0.2.10')).json()).toEqual({ error: 'not signed in' });
  });
});
