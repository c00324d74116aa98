import { describe, expect, it } from 'vitest';
import type { Env } from './outbox-cases.ts';

/** store.connectorState(namespace): a connector's own key space, the same on every backend. */
export function connectorStateCases(env: Env): void {
  describe('connectorState', () => {
    it('set → get round trips JSON values; set again replaces; delete says whether it removed', async () => {
      const state = env.store.connectorState('naverworks/works');
      expect(state.namespace).toBe('naverworks/works');
      expect(await state.get('cursor')).toBeUndefined();
      await state.set('cursor', { after: 'c-1', seen: [1, 2], note: '한글' });
      expect(await state.get('cursor')).toEqual({ after: 'c-1', seen: [1, 2], note: '한글' });
      await state.set('cursor', 'c-2');
      expect(await state.get('cursor')).toBe('c-2');
      expect(await state.delete('cursor')).toBe(true);
      expect(await state.delete('cursor')).toBe(false);
      expect(await state.get('cursor')).toBeUndefined();
      await expect(state.set('x', undefined)).rejects.toThrow('cannot store undefined');
    });

    it('namespaces never see each other', async () => {
      const a = env.store.connectorState('slack/a');
      const b = env.store.connectorState('slack/b');
      await a.set('token', 'for-a');
      await b.set('token', 'for-b');
      expect(await a.get('token')).toBe('for-a');
      expect(await b.get('token')).toBe('for-b');
      await a.delete('token');
      expect(await b.get('token')).toBe('for-b');
      expect(await a.list()).toEqual([]);
    });

    it('list is sorted by key and filters by an exact, case-sensitive prefix', async () => {
      const state = env.store.connectorState('webex/w');
      await state.set('hook:b', 2);
      await state.set('hook:a', 1);
      await state.set('Hook:c', 3);
      await state.set('room:x', true);
      expect(await state.list('hook:')).toEqual([
        { key: 'hook:a', value: 1 },
        { key: 'hook:b', value: 2 },
      ]);
      expect((await state.list()).map((e) => e.key)).toEqual(['Hook:c', 'hook:a', 'hook:b', 'room:x']);
    });

    it('a secret is encrypted at rest and read back in clear, also by list', async () => {
      const state = env.store.connectorState('naverworks/secret');
      await state.set('refresh', { token: 'rt-very-secret-value' }, { secret: true });
      await state.set('plain', 'visible');
      const rows = await env.backend.raw(
        "select key, value, secret from connector_state where namespace = 'naverworks/secret' order by key",
      );
      expect(rows.map((r) => [r.key, Number(r.secret)])).toEqual([
        ['plain', 0],
        ['refresh', 1],
      ]);
      expect(String(rows[1]?.value)).not.toContain('rt-very-secret-value');
      expect(await state.get('refresh')).toEqual({ token: 'rt-very-secret-value' });
      expect(await state.list()).toEqual([
        { key: 'plain', value: 'visible' },
        { key: 'refresh', value: { token: 'rt-very-secret-value' } },
      ]);
      // Stored again without the flag, the value is plain text again.
      await state.set('refresh', 'now-plain');
      const [row] = await env.backend.raw(
        "select value, secret from connector_state where namespace = 'naverworks/secret' and key = 'refresh'",
      );
      expect([row?.value, Number(row?.secret)]).toEqual(['"now-plain"', 0]);
    });
  });
}
