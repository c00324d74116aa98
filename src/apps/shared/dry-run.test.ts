import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type DefinedApp, defineApp } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import { dryRunAware } from './dry-run.ts';

const APPS = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

describe('dryRunAware', () => {
  const app = defineApp({
    dryRun: true,
    async run(input) {
      const ctx = dryRunAware(input);
      await ctx.store.set('seen', [...((await ctx.store.get<string[]>('seen')) ?? []), 'b']);
      await ctx.store.delete('old');
      // The run reads back its own writes…
      const seen = await ctx.store.get<string[]>('seen');
      const keys = (await ctx.store.list()).map((e) => e.key);
      await ctx.notify('desk', `seen ${seen?.join(',')}; keys ${keys.join(',')}`);
    },
  });

  it('in a dry run: logs instead of sending, and leaves the stored state as it was', async () => {
    const state = new Map<string, unknown>([
      ['seen', ['a']],
      ['old', 1],
    ]);
    const t = createTestApp(app, { dryRun: true, state });
    await t.run();
    expect(t.sent).toEqual([]);
    expect([...state]).toEqual([
      ['seen', ['a']],
      ['old', 1],
    ]);
  });

  it('in a real run: the context itself', async () => {
    const state = new Map<string, unknown>([
      ['seen', ['a']],
      ['old', 1],
    ]);
    const t = createTestApp(app, { state });
    await t.run();
    expect(t.sent.map((s) => s.message)).toEqual([{ text: 'seen a,b; keys seen' }]);
    expect([...state]).toEqual([['seen', ['a', 'b']]]);
  });

  it('a dry run of an app without dryRun: true is refused', async () => {
    const t = createTestApp(
      defineApp({
        async run(ctx) {
          await ctx.notify('desk', 'real work');
        },
      }),
      { dryRun: true, app: 'plain' },
    );
    await expect(t.run()).rejects.toThrow('plain does not support --dry-run');
    expect(t.sent).toEqual([]);
  });
});

describe('built-in apps and --dry-run', () => {
  it('every built-in app with a run() declares dryRun: true', async () => {
    const missing: string[] = [];
    for (const name of readdirSync(APPS)) {
      if (name === 'shared' || name.includes('.')) continue;
      const app = (await import(path.join(APPS, name, 'index.ts'))).default as DefinedApp;
      if (app.run && app.dryRun !== true) missing.push(name);
    }
    expect(missing).toEqual([]);
  });
});
