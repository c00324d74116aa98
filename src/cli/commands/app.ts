import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OpsbotError, usageError } from '../../platform/errors.ts';
import { modulePath } from '../../platform/module-path.ts';
import { findConfigFile } from '../config-locate.ts';
import { say } from '../output.ts';

const REGISTER = modulePath(import.meta.url, '../../sdk/register.ts');

function appSource(name: string): string {
  return `import { defineApp, z } from 'opsbot';

// ${name}: describe what this app does in one line.
export default defineApp({
  options: z.object({
    target: z.string().default('sandbox/channel/general'),
    greeting: z.string().default('Hello from ${name}'),
  }),
  // Every weekday at 09:00 (opsbot.yaml \`schedule:\` overrides this).
  schedule: { cron: '0 9 * * 1-5', skip: ['weekends'] },
  async run(ctx) {
    const count = ((await ctx.store.get<number>('runs')) ?? 0) + 1;
    await ctx.store.set('runs', count);
    await ctx.notify(ctx.options.target, { title: '${name}', text: \`\${ctx.options.greeting} (run \${count})\` });
  },
  async start(ctx) {
    ctx.onCommand('ping', (cmd) => cmd.reply('pong'));
  },
});
`;
}

function testSource(name: string): string {
  return `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from 'opsbot/testing';
import app from './index.ts';

test('${name} notifies its target on each run', async () => {
  const t = createTestApp(app, { options: { target: 'sandbox/channel/test' } });
  await t.run();
  await t.run();
  assert.equal(t.sent.length, 2);
  assert.equal(t.sent[1]?.target, 'sandbox/channel/test');
  assert.match(JSON.stringify(t.sent[1]?.message), /run 2/);
});

test('${name} answers ping', async () => {
  const t = createTestApp(app);
  await t.start();
  const replies = await t.message('/ping');
  assert.deepEqual(replies.map((r) => r.message), [{ text: 'pong' }]);
});
`;
}

/**
 * Where new apps go: `apps/` beside the config they will be used by (so the printed `use:` line
 * resolves, also from a checkout root whose config is examples/opsbot.yaml), else beside the cwd.
 */
function configDir(configOption?: string): string {
  try {
    return path.dirname(findConfigFile(configOption));
  } catch {
    return process.cwd();
  }
}

/** `app new NAME`: a typed app and its test, in <config folder>/apps/NAME/ (or --dir/NAME). */
export function appNewCommand(name: string, opts: { dir?: string; config?: string }) {
  if (!/^[a-z][a-z0-9-]*$/.test(name))
    throw usageError(`app names use lowercase letters, digits and -: "${name}"`);
  const base = configDir(opts.config);
  const dir = path.join(opts.dir ? path.resolve(opts.dir) : path.join(base, 'apps'), name);
  if (existsSync(dir)) throw new OpsbotError('EXISTS', `${dir} already exists`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.ts'), appSource(name));
  writeFileSync(path.join(dir, 'index.test.ts'), testSource(name));
  const rel = path.relative(process.cwd(), dir) || '.';
  const use = path.relative(base, path.join(dir, 'index.ts'));
  say(`created ${rel}/index.ts and ${rel}/index.test.ts`);
  say(`add it to ${path.relative(process.cwd(), path.join(base, 'opsbot.yaml')) || 'opsbot.yaml'}:`);
  process.stdout.write(
    `apps:\n  ${name}:\n    use: ${use.startsWith('.') ? use : `./${use}`}\n    with: { target: sandbox/channel/general }\n`,
  );
  say(`test it: opsbot app test ${rel}`);
}

/** `app test [PATH…]`: runs apps' tests with Node's test runner, with 'opsbot' importable. */
export function appTestCommand(paths: string[]) {
  const targets = paths.length ? paths : ['apps'];
  const files = targets.map((p) => (p.endsWith('.ts') ? p : path.join(p, '**/*.test.ts')));
  const result = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', REGISTER, '--test', ...files],
    {
      stdio: 'inherit',
    },
  );
  process.exitCode = result.status ?? 1;
}
