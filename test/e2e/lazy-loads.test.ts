import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';
import { COMPILED } from '../helpers/runtime.ts';

/** A module of opsbot as this checkout runs it (compiled under make test). */
function moduleOf(relative: string): string {
  return path.join(ROOT, COMPILED ? `dist/${relative}.js` : `src/${relative}.ts`);
}

/** The npm packages a fresh Node process loads when it imports `modules` (and nothing more). */
function packagesLoadedBy(modules: string[]): Promise<string[]> {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({ resolve(specifier, context, next) {
      const result = next(specifier, context);
      const name = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(result.url)?.[1];
      if (name) seen.add(name);
      return result;
    } });
    for (const file of ${JSON.stringify(modules)}) await import(file);
    console.log(JSON.stringify([...seen].sort()));
  `;
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script],
      { cwd: ROOT },
      (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as string[])),
    ),
  );
}

describe('what loads only when it is used', () => {
  it('the daemon loads neither the Azure SDK, Redis/BullMQ, date-holidays, the Slack clients, nodemailer nor pg', async () => {
    const loaded = await packagesLoadedBy([moduleOf('daemon/daemon')]);
    // It does load what every daemon uses: the store and the gateway.
    expect(loaded).toEqual(expect.arrayContaining(['kysely', 'fastify']));
    const lazy = [
      '@azure/identity',
      '@azure/keyvault-secrets',
      'bullmq',
      'ioredis',
      'date-holidays',
      '@slack/web-api',
      '@slack/socket-mode',
      'nodemailer',
      'pg',
    ];
    expect(loaded.filter((name) => lazy.includes(name))).toEqual([]);
  });

  it('opsbot status loads no zod: the answer of a daemon of the same build is not parsed again', async () => {
    const loaded = await packagesLoadedBy([moduleOf('cli/commands/control')]);
    expect(loaded).toContain('yaml');
    expect(loaded).not.toContain('zod');
  });
});
