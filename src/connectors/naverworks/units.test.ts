import { randomBytes, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { Redactor } from '../../platform/redact.ts';
import { openStore } from '../../platform/store/open.ts';
import { CLIENT, keys, start } from '../../sandbox/naverworks/testkit.ts';
import { signAssertion } from './jwt.ts';
import { naverworksOptions } from './options.ts';
import { renderContent } from './render.ts';
import { TokenManager } from './tokens.ts';

describe('signAssertion', () => {
  it('is RS256 over base64url parts with integer iat/exp one hour apart', () => {
    const jwt = signAssertion({ ...CLIENT, privateKey: keys.privateKey, nowMs: 1_700_000_000_500 });
    const [h, p, s] = jwt.split('.') as [string, string, string];
    expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({
      iss: CLIENT.clientId,
      sub: CLIENT.serviceAccount,
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
    expect(verify('sha256', Buffer.from(`${h}.${p}`), keys.publicKey, Buffer.from(s, 'base64url'))).toBe(
      true,
    );
  });
});

describe('options', () => {
  it('defaults auth from the presence of a service account and key', () => {
    const base = { clientId: 'c', clientSecret: 's' };
    expect(naverworksOptions.parse(base)).toMatchObject({ auth: 'user', scopes: ['bot'] });
    const sa = naverworksOptions.parse({ ...base, serviceAccount: 'x', privateKey: keys.privateKey });
    expect(sa.auth).toBe('service-account');
    expect(naverworksOptions.safeParse({ ...base, auth: 'service-account' }).success).toBe(false);
  });
});

describe('TokenManager', () => {
  it('two concurrent accessToken() calls make one token request', async () => {
    const emu = await start();
    const dir = await mkdtemp(join(tmpdir(), 'opsbot-nw-tokens-'));
    const store = await openStore({ url: 'sqlite', dataDir: dir, masterKey: randomBytes(32) });
    try {
      const options = naverworksOptions.parse({
        ...CLIENT,
        scopes: ['bot'],
        privateKey: keys.privateKey,
        apiUrl: emu.apiUrl,
        authUrl: emu.authUrl,
      });
      const init = {
        connection: 'w',
        options,
        tokens: store.tokens,
        clock: systemClock,
        log: silentLogger(),
      };
      const tokens = new TokenManager({ ...init, redactor: new Redactor() });
      const [a, b] = await Promise.all([tokens.accessToken(), tokens.accessToken()]);
      expect(a).toBe(b);
      expect(emu.state.tokenCalls['jwt-bearer']).toBe(1);
      await tokens.invalidate(a);
      expect(await tokens.accessToken()).not.toBe(a);
      expect(emu.state.tokenCalls['jwt-bearer']).toBe(2);
    } finally {
      await emu.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('renderContent', () => {
  it('keeps plain text as a text message', () => {
    expect(renderContent({ text: 'hi' })).toEqual({ type: 'text', text: 'hi' });
  });

  it('builds a coloured bubble with at most 4 buttons and cut labels and altText', () => {
    const links = Array.from({ length: 6 }, (_, i) => ({
      label: `Link number ${i} with a long label`,
      url: 'https://x.example',
    }));
    const content = renderContent({ title: 'T'.repeat(500), text: 'body', severity: 'critical', links });
    const bubble = content['contents'] as Record<string, Record<string, unknown>>;
    expect((content['altText'] as string).length).toBe(400);
    expect(bubble['header']?.['backgroundColor']).toBe('#7F1D1D');
    const buttons = bubble['footer']?.['contents'] as Array<{ action: { label: string } }>;
    expect(buttons).toHaveLength(4);
    for (const b of buttons) expect([...b.action.label].length).toBeLessThanOrEqual(20);
  });
});
