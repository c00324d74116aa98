import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import type { AuthStatus, Connector } from '../../connectors/types.ts';
import { openStore } from '../../platform/store/open.ts';
import type { Store } from '../../platform/store/types.ts';
import { callbackPage, handleOAuthCallback } from './callback.ts';
import { createState, readState, STATE_TTL_MS } from './states.ts';

/** A connector whose code exchange is counted; the real exchange is covered against the emulator. */
function countingConnector(exchange: (code: string) => Promise<AuthStatus>): Connector & { codes: string[] } {
  const codes: string[] = [];
  return {
    codes,
    name: 'works',
    type: 'naverworks',
    defaultRateLimit: 240,
    capabilities: testCapabilities({ send: false, auth: true }),
    auth: {
      authorizeUrl: (state) => `https://auth.example/authorize?state=${state}`,
      exchangeCode: async (code) => {
        codes.push(code);
        return exchange(code);
      },
      refresh: () => Promise.reject(new Error('unused')),
      status: () => Promise.reject(new Error('unused')),
    },
  };
}

const ok: AuthStatus = {
  connection: 'works',
  type: 'naverworks',
  flow: 'user',
  access: null,
  refresh: { expiresAt: 1, updatedAt: 0, daysLeft: 89 },
  state: 'ok',
};

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsbot-oauth-'));
  store = await openStore({ url: 'sqlite', dataDir: dir, masterKey: randomBytes(32) });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const NOW = 1_800_000_000_000;
const call = (connector: Connector | undefined, query: Record<string, string>, now = NOW) =>
  handleOAuthCallback({ connection: 'works', connector, query, store, now });

describe('OAuth callback', () => {
  it('exchanges the code once and records the outcome', async () => {
    const connector = countingConnector(async () => ok);
    const state = await createState(store, 'works', NOW);
    const answer = await call(connector, { state, code: 'c1' });
    expect(answer).toMatchObject({ status: 200, title: 'Connected "works"' });
    expect(answer.detail).toContain('good for 89 days');
    expect(connector.codes).toEqual(['c1']);
    expect((await readState(store, state))?.outcome).toMatchObject({ ok: true });
  });

  it('two redirects with the same state at once make one exchange', async () => {
    const connector = countingConnector(async () => ok);
    const state = await createState(store, 'works', NOW);
    const answers = await Promise.all([
      call(connector, { state, code: 'c1' }),
      call(connector, { state, code: 'c1' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expect(connector.codes).toEqual(['c1']);
  });

  it('refuses unknown, expired, foreign and missing states, and says why', async () => {
    const connector = countingConnector(async () => ok);
    expect((await call(connector, { code: 'c' })).detail).toBe('the redirect carries no state');
    expect((await call(connector, { state: 'nope', code: 'c' })).detail).toContain('unknown state');
    const old = await createState(store, 'works', NOW - STATE_TTL_MS - 1);
    expect((await call(connector, { state: old, code: 'c' })).detail).toContain('state expired');
    const other = await createState(store, 'works-gov', NOW);
    expect((await call(connector, { state: other, code: 'c' })).detail).toBe(
      'this state was issued for another connection',
    );
    expect(connector.codes).toEqual([]);
    expect((await call(undefined, { state: 'x' })).status).toBe(404);
  });

  it('passes on a consent refusal, a missing code and a failed exchange', async () => {
    const connector = countingConnector(async () => {
      throw new Error('token request (authorization_code) answered 400 invalid_grant');
    });
    const denied = await createState(store, 'works', NOW);
    expect(
      await call(connector, { state: denied, error: 'access_denied', error_description: 'user said no' }),
    ).toEqual({
      status: 400,
      title: 'Login was not granted',
      detail: 'access_denied: user said no',
    });
    const noCode = await createState(store, 'works', NOW);
    expect((await call(connector, { state: noCode })).detail).toBe('the redirect carries no code');
    const failing = await createState(store, 'works', NOW);
    const failed = await call(connector, { state: failing, code: 'bad' });
    expect(failed).toMatchObject({ status: 502, title: 'Token exchange failed' });
    expect((await readState(store, failing))?.outcome).toMatchObject({
      ok: false,
      error: expect.stringContaining('invalid_grant'),
    });
  });

  it('escapes what it echoes into the page', () => {
    const html = callbackPage({ status: 400, title: '<b>x</b>', detail: `"><script>alert(1)</script>` });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
