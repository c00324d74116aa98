import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDaemonConfig } from '../config.ts';
import { createControlHandler } from '../control-handler.ts';
import { Daemon } from '../daemon.ts';

/** A real daemon in this process, in a temp folder, for tests of the console's methods and /api/v1. */
export interface TestDaemon {
  daemon: Daemon;
  dir: string;
  /** The daemon API as the control socket serves it (validation, handlers, errors). */
  call(method: string, args?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** A scheduled app that logs a line at each level when it runs, and has an action. */
export const LOGGING_APP = `import { defineApp } from 'opsbot';
export default defineApp({
  actions: { hello: async (ctx, args) => ({ hi: args.name ?? 'there' }) },
  async run(ctx) {
    ctx.log.debug('debug line');
    ctx.log.info({ n: 1 }, 'ran once');
    ctx.log.warn('careful now');
    ctx.log.error('it broke');
    console.log('plain output', JSON.stringify(ctx.options ?? null));
  },
});
`;

export async function startTestDaemon(files: Record<string, string>, yaml: string[]): Promise<TestDaemon> {
  const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-console-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const file = path.join(dir, 'opsbot.yaml');
  writeFileSync(file, ['dataDir: ./data', 'http: { port: 0 }', ...yaml].join('\n'));
  const daemon = await Daemon.start(await loadDaemonConfig(file));
  const handler = createControlHandler(daemon);
  return {
    daemon,
    dir,
    call: (method, args = {}) => handler(method, args, { name: 'test', role: 'admin', via: 'cli' }),
    async close() {
      await daemon.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until check() returns a truthy value, or throws after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
