import { afterAll, describe, expect, it } from 'vitest';
import { Project } from '../helpers/cli.ts';
import { CliSession } from '../helpers/cli-session.ts';

/**
 * Tests that drive many command lines share one CLI process (`CliSession`) so they fit their
 * timeout on a loaded machine. It must answer exactly as separate `opsbot` processes do: the same
 * exit codes (usage 2, failure 1, a failure a command reports through process.exitCode) and output.
 */
describe('one CLI process for many command lines', () => {
  const project = new Project('opsbot-session-');
  project.write('opsbot.yaml', 'dataDir: ./data\nhttp: { port: 0 }\n');
  const cli = new CliSession(project.dir);
  afterAll(async () => {
    await cli.close();
    await project.cleanup();
  });

  it('gives the same code, stdout and stderr as a process of its own, case after case', async () => {
    const cases = [
      ['holiday', 'check', '2026-13-01'],
      ['holiday', 'check', '2026-06-13', '--exchange', 'XKRX', '--json'],
      ['config', 'check'],
      ['no-such-command'],
      ['holiday', 'remove', 'XKRX', '2026-06-13'],
      ['status'],
    ];
    for (const args of cases) {
      const [inSession, alone] = await Promise.all([cli.run(...args), project.run(...args)]);
      expect(inSession, args.join(' ')).toEqual(alone);
    }
    expect(cli.stray).toBe('');
  });
});
