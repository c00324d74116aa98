import { describe, expect, it } from 'vitest';
import { defineApp, defineForm } from './index.ts';
import { createTestApp } from './testing/index.ts';

const spec = defineForm({
  key: 'size',
  title: 'Size',
  ttl: 60_000,
  fields: [
    { name: 'n', type: 'number', label: 'N', required: true },
    { name: 'tags', type: 'multi-select', label: 'Tags', choices: [{ value: 'a', label: 'A' }] },
  ],
  validate: (a) => (a.n > 10 ? { n: 'at most 10' } : null),
});

describe('ctx.form and ctx.onForm', () => {
  it('awaits the answers in the same process, after validate passes', async () => {
    let got: unknown;
    const app = defineApp({
      async start(ctx) {
        ctx.onCommand('size', async (cmd) => {
          const answers = await ctx.form(cmd, { ...spec, key: undefined });
          got = answers;
          await cmd.reply(`n=${answers.n}`);
        });
      },
    });
    const t = createTestApp(app);
    await t.start();
    const pending = t.message('/size', { user: 'mina' });
    await new Promise((r) => setImmediate(r));
    expect(t.forms[0]).toMatchObject({
      target: 'sandbox/channel/general',
      user: 'mina',
      form: { title: 'Size' },
    });
    expect(t.forms[0]?.key).toBeUndefined();
    expect((await t.answerForm({ n: 11, tags: [] })).errors).toEqual({ n: 'at most 10' });
    expect((await t.answerForm({ n: 3, tags: ['a'] })).errors).toBeNull();
    expect((await pending).map((s) => s.message)).toEqual([{ text: 'n=3' }]);
    expect(got).toEqual({ n: 3, tags: ['a'] });
  });

  it('hands keyed answers to the onForm handler, and an unanswered form expires without crashing', async () => {
    const seen: Array<[unknown, string]> = [];
    let expired: unknown;
    const app = defineApp({
      async start(ctx) {
        ctx.onForm(spec, (answers, from) => {
          seen.push([answers, from.user]);
        });
        ctx.onCommand('size', (cmd) => void ctx.form(cmd, spec));
        ctx.onCommand('late', (cmd) => {
          ctx.form(cmd, spec).catch((err: Error) => {
            expired = err.message;
          });
        });
      },
    });
    const t = createTestApp(app);
    await t.start();
    await t.message('/size', { user: 'mina' });
    expect((await t.answerForm({ n: 12 })).errors).toEqual({ n: 'at most 10' });
    await t.answerForm({ n: 2, tags: [] }, { user: 'mina' });
    expect(seen).toEqual([[{ n: 2, tags: [] }, 'mina']]);
    await t.message('/late');
    await t.message('/size'); // never answered, never awaited: must not reject unhandled
    await t.clock.advance(60_001);
    expect(expired).toBe('form "Size" expired unanswered');
  });

  it('onForm without a key is a mistake caught at start', async () => {
    const app = defineApp({
      async start(ctx) {
        ctx.onForm({ title: 'x', fields: [{ name: 'a', type: 'text', label: 'A' }] }, () => {});
      },
    });
    await expect(createTestApp(app).start()).rejects.toThrow(/needs a key/);
  });
});
