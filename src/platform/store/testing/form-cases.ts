import { describe, expect, it } from 'vitest';
import type { Env } from './outbox-cases.ts';

export function formCases(env: Env): void {
  describe('forms', () => {
    it('open → one submit wins → undelivered → delivered', async () => {
      const form = { title: 't', fields: [{ name: 'a', type: 'text', label: 'A' }] };
      const base = {
        app: 'pick',
        key: 'k',
        target: 'sandbox/channel/g',
        asked: 'u1',
        form,
        createdAt: 1_000,
      };
      await env.store.forms.create({ ...base, id: 'form-1', expiresAt: 5_000 });
      await env.store.forms.create({ ...base, id: 'form-2', expiresAt: 1_500 });
      expect(await env.store.forms.get('form-1')).toMatchObject({
        status: 'open',
        key: 'k',
        form,
        answers: null,
      });
      expect(
        await env.store.forms.submit('form-1', { answers: { a: 'x' }, answeredBy: 'u1', at: 2_000 }),
      ).toBe(true);
      expect(
        await env.store.forms.submit('form-1', { answers: { a: 'y' }, answeredBy: 'u2', at: 2_001 }),
      ).toBe(false);
      expect(
        await env.store.forms.submit('form-2', { answers: { a: 'z' }, answeredBy: 'u1', at: 2_000 }),
      ).toBe(false);
      expect(
        (await env.store.forms.undelivered('pick')).map((f) => [f.id, f.answers, f.submittedAt]),
      ).toEqual([['form-1', { a: 'x' }, 2_000]]);
      await env.store.forms.markDelivered('form-1', 3_000);
      expect(await env.store.forms.get('form-1')).toMatchObject({ status: 'delivered', deliveredAt: 3_000 });
      expect(await env.store.forms.undelivered('pick')).toEqual([]);
    });
  });
}
