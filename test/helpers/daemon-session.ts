import { expect } from 'vitest';
import type { Project } from './cli.ts';
import type { CliSession } from './cli-session.ts';

/** Writes opsbot.yaml (dataDir ./data, a free port, then `lines`) and starts the daemon through the session. */
export async function startDaemon(project: Project, cli: CliSession, lines: string[]): Promise<void> {
  project.write('opsbot.yaml', ['dataDir: ./data', 'http: { port: 0 }', ...lines].join('\n'));
  const started = await cli.run('start', '--wait');
  expect(started.code, started.stderr).toBe(0);
}

/** Stops the daemon, the session and the project, then what else the test started (emulators). */
export async function stopDaemon(
  project: Project,
  cli: CliSession,
  ...others: Array<{ close(): Promise<unknown> }>
): Promise<void> {
  await cli.run('stop');
  await cli.close();
  await project.cleanup();
  for (const other of others) await other.close();
}
