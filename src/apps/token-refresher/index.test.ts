import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../sdk/testing/index.ts';
import tokenRefresher from './index.ts';

/** A refresh double that records its connection before answering. */
const refreshing = (calls: string[], connection: string) => ({
  auth: {
    refresh: async () => {
      calls.push(connection);
      return ok(connection);
    },
  },
});

const ok = (connection: string, daysLeft = 89) => ({
  connection,
  flow: 'user',
  state: 'ok',
  refresh: { daysLeft },
});

describe('token-refresher (through opsbot/testing)', () => {
  it('refreshes every naverworks connection and stays quiet when all is well', async () => {
    const calls: string[] = [];
    const t = createTestApp(tokenRefresher, {
      connections: [
        { name: 'works', type: 'naverworks' },
        { name: 'works-gov', type: 'naverworks' },
        { name: 'ops-teams', type: 'teams' },
      ],
      connectors: {
        works: refreshing(calls, 'works'),
        'works-gov': refreshing(calls, 'works-gov'),
      },
    });
    await t.run();
    expect(calls).toEqual(['works', 'works-gov']);
    expect(t.sent).toEqual([]);
  });

  it('alerts the target for a failed refresh, keeps going, and fails the run', async () => {
    const t = createTestApp(tokenRefresher, {
      options: { target: 'oncall' },
      connections: [
        { name: 'a', type: 'naverworks' },
        { name: 'b', type: 'naverworks' },
      ],
      connectors: {
        a: {
          auth: {
            refresh: async () => {
              throw new Error('token request (refresh_token) answered 400 invalid_grant');
            },
          },
        },
        b: {
          auth: { refresh: async () => ({ ...ok('b', 9), state: 'expiring', warning: 'expires in 9 days' }) },
        },
      },
    });
    await expect(t.run()).rejects.toThrow('token refresh failed for a');
    expect(t.sent.map((s) => [s.target, (s.message as { title: string }).title])).toEqual([
      ['oncall', 'a: token refresh failed'],
      ['oncall', 'b: refresh token expiring'],
    ]);
    expect(t.sent[0]?.message).toMatchObject({
      text: expect.stringContaining('opsbot auth login a'),
      severity: 'error',
    });
  });

  it('takes an explicit connection list and rejects a bad option', async () => {
    const seen: string[] = [];
    const t = createTestApp(tokenRefresher, {
      options: { connections: ['only'] },
      connectors: { only: refreshing(seen, 'only') },
    });
    await t.run();
    expect(seen).toEqual(['only']);
    expect(() => createTestApp(tokenRefresher, { options: { connections: 'works' } })).toThrow();
  });
});
