import { afterEach, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, serviceToken, start } from './testkit.ts';

let emu: WorksEmulator;
afterEach(() => emu.close());

const text = { content: { type: 'text', text: 'hi' } };

describe('fault injection', () => {
  it('answers an injected 429 with rate-limit headers for `times` requests, then clears', async () => {
    // 40 s into a minute (1_700_000_040 s is a minute boundary), so rateLimit-reset is exactly 20.
    emu = await start({ now: () => 1_700_000_080_000 });
    const token = await serviceToken(emu);
    emu.inject({ path: /\/messages$/, method: 'POST', status: 429, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await api(emu, token, 'POST', '/bots/2000001/users/u1/messages', text);
      expect(res.status).toBe(429);
      expect(res.headers.get('ratelimit-limit')).toBe('240');
      expect(res.headers.get('ratelimit-remaining')).toBe('0');
      expect(res.headers.get('ratelimit-reset')).toBe('20');
      expect(((await res.json()) as { code: string }).code).toBe('TOO_MANY_REQUESTS');
    }
    expect((await api(emu, token, 'POST', '/bots/2000001/users/u1/messages', text)).status).toBe(201);
    expect(emu.state.faults).toEqual([]);
    expect(emu.state.messages.length).toBe(1);
  });

  it('only hits matching paths and lets header overrides win', async () => {
    emu = await start();
    const token = await serviceToken(emu);
    emu.inject({ path: '/channels/room-1/', status: 503, times: 1, headers: { 'retry-after': '3' } });
    expect((await api(emu, token, 'POST', '/bots/2000001/users/u1/messages', text)).status).toBe(201);
    const res = await api(emu, token, 'POST', '/bots/2000001/channels/room-1/messages', text);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ code: 'SERVICE_UNAVAILABLE', description: 'injected 503' });
  });

  it('injects a 401 with www-authenticate even for a valid token', async () => {
    emu = await start();
    const token = await serviceToken(emu);
    emu.inject({ status: 401, times: 1 });
    const res = await api(emu, token, 'POST', '/bots/2000001/users/u1/messages', text);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await api(emu, token, 'POST', '/bots/2000001/users/u1/messages', text)).status).toBe(201);
  });
});

describe('rate limiter', () => {
  it('allows perMinute calls per operation, then 429 until the next minute', async () => {
    let clock = 1_700_000_080_000;
    emu = await start({ now: () => clock, rateLimit: { perMinute: 3 } });
    const token = await serviceToken(emu);
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await api(emu, token, 'POST', '/bots/2000001/users/u1/messages', text);
      statuses.push(`${res.status}/${res.headers.get('ratelimit-remaining')}`);
    }
    expect(statuses).toEqual(['201/2', '201/1', '201/0', '429/0']);
    // Another operation has its own budget.
    expect((await api(emu, token, 'GET', '/bots/2000001/channels/room-1/members')).status).toBe(200);
    clock += 20_000;
    expect((await api(emu, token, 'POST', '/bots/2000001/users/u1/messages', text)).status).toBe(201);
  });

  it('limits room creation to 10 per minute by default', async () => {
    emu = await start({ now: () => 1_700_000_080_000, rateLimit: { perMinute: 240 } });
    const token = await serviceToken(emu);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await api(emu, token, 'POST', '/bots/2000001/channels', { members: ['u1'] })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
  });
});
