import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { createApiToken, hashSecret, parseApiToken, secretMatches } from './api-tokens.ts';
import { LoginThrottle } from './login-throttle.ts';
import { DEFAULT_PASSWORD_COST, hashPassword, TEST_PASSWORD_COST, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id (salted) and verifies only the right password', async () => {
    const phc = await hashPassword('correct horse', TEST_PASSWORD_COST);
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(await hashPassword('correct horse', TEST_PASSWORD_COST)).not.toBe(phc);
    expect(await verifyPassword(phc, 'correct horse')).toBe(true);
    expect(await verifyPassword(phc, 'correct horsE')).toBe(false);
    expect(await verifyPassword(phc, '')).toBe(false);
  });

  it('uses the OWASP cost by default, and a damaged hash is a wrong password, not a crash', async () => {
    expect(DEFAULT_PASSWORD_COST).toEqual({ memoryCost: 19_456, timeCost: 2 });
    expect(await hashPassword('default cost!')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('not a phc string', 'anything')).toBe(false);
  });
});

describe('API tokens', () => {
  it('are obt_<12 hex>_<43 base64url>, parse back, and only the hash is needed to check one', () => {
    const token = createApiToken();
    expect(token.token).toMatch(/^obt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const parts = parseApiToken(token.token);
    expect(parts?.id).toBe(token.id);
    expect(token.hash).toBe(hashSecret(parts!.secret));
    expect(token.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(token.token).not.toContain(token.hash);
    expect(secretMatches(parts!.secret, token.hash)).toBe(true);
    expect(secretMatches(`${parts!.secret.slice(0, -1)}A`, token.hash)).toBe(parts!.secret.endsWith('A'));
    expect(secretMatches(parts!.secret, 'abcd')).toBe(false);
    expect(createApiToken().id).not.toBe(token.id);
  });

  it('refuses anything else', () => {
    const good = createApiToken().token;
    for (const bad of [
      '',
      'obt_',
      good.toUpperCase(),
      `${good}x`,
      good.replace('obt_', 'obx_'),
      `Bearer ${good}`,
    ]) {
      expect(parseApiToken(bad)).toBeUndefined();
    }
  });
});

describe('LoginThrottle', () => {
  it('refuses after 5 failures in 15 minutes, for a minute, then longer after each further failure', async () => {
    const clock = new FakeClock();
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 4; i++) throttle.failed('alice', '10.0.0.1');
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
    throttle.failed('alice', '10.0.0.1');
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(60);
    // The name is locked from any address; the address is locked for any name.
    expect(throttle.retryAfter('alice', '10.0.0.2')).toBe(60);
    expect(throttle.retryAfter('bob', '10.0.0.1')).toBe(60);
    expect(throttle.retryAfter('bob', '10.0.0.2')).toBe(0);
    await clock.advance(30_000);
    expect(throttle.retryAfter('alice', '10.0.0.2')).toBe(30);
    await clock.advance(30_000);
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
    throttle.failed('alice', '10.0.0.1');
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(120);
    await clock.advance(120_000);
    throttle.failed('alice', '10.0.0.1');
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(240);
  });

  it('forgets failures older than the window, and a success clears the name (not the address)', async () => {
    const clock = new FakeClock();
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 4; i++) throttle.failed('carol', '10.0.0.9');
    await clock.advance(15 * 60_000 + 1);
    throttle.failed('carol', '10.0.0.9');
    expect(throttle.retryAfter('carol', '10.0.0.9')).toBe(0);
    for (let i = 0; i < 4; i++) throttle.failed('dan', '10.0.0.8');
    throttle.succeeded('dan');
    throttle.failed('dan', '10.0.0.7');
    expect(throttle.retryAfter('dan', '10.0.0.7')).toBe(0);
    // The address still counts dan's 4 failures: 4 more (another name) make 8, a 2^3-minute wait.
    for (let i = 0; i < 4; i++) throttle.failed('erin', '10.0.0.8');
    expect(throttle.retryAfter('frank', '10.0.0.8')).toBe(480);
  });
});
