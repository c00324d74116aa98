import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DefinedApp } from '../../src/sdk/types.ts';
import { ROOT } from '../helpers/cli.ts';

/** The README's examples stay true: every built-in app's `with:` block there passes the app's own schema. */

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

interface Example {
  name: string;
  use: string;
  with: unknown;
}

function builtinExamples(): Example[] {
  const found: Example[] = [];
  for (const block of blocks) {
    if (!block.includes('builtin:')) continue;
    // Secret references become long dummy values (some options ask for a minimum length).
    const text = block.replace(/\$\{env:[A-Z_]+\}/g, 'dummy-secret-value-0123456789');
    const apps = (parse(text) as { apps?: Record<string, { use: string; with?: unknown }> }).apps ?? {};
    for (const [name, app] of Object.entries(apps)) {
      if (app.use.startsWith('builtin:')) found.push({ name, use: app.use, with: app.with ?? {} });
    }
  }
  return found;
}

describe('README examples', () => {
  const examples = builtinExamples();

  it('show every built-in app', () => {
    const used = new Set(examples.map((e) => e.use));
    expect([...used].sort()).toEqual(
      [
        'builtin:holiday-alerter',
        'builtin:holiday-checker',
        'builtin:market-alert',
        'builtin:network-checker',
        'builtin:notice-watcher',
        'builtin:token-refresher',
        'builtin:weekly-report',
        'builtin:contact-sync',
        'builtin:attendance',
        'builtin:cloud-report',
        'builtin:service-desk',
      ].sort(),
    );
  });

  it.each(examples.map((e) => [`${e.name} (${e.use})`, e] as const))(
    '%s: with: passes the schema',
    async (_n, e) => {
      const app = (await import(`../../src/apps/${e.use.slice('builtin:'.length)}/index.ts`))
        .default as DefinedApp;
      const parsed = app.options?.safeParse(e.with);
      expect(parsed?.success, JSON.stringify(parsed?.error?.issues)).toBe(true);
    },
  );
});
