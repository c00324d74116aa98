import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK_SIZE } from '../../src/cli/commands/sandbox-ports.ts';
import { Project } from '../helpers/cli.ts';

/** The complete sandbox's port checks, before anything starts: a taken port, a bad base, clashing flags. */

const project = new Project('opsbot-sandbox-ports-');
let blocker: Server | undefined;
afterAll(async () => {
  await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
  await project.cleanup();
});

describe('opsbot sandbox ports', () => {
  it('exits 1 naming the taken port and its emulator, and suggests --port-base', async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker?.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    // The hub sits at +3: the block starts three below the taken port.
    const r = await project.run('sandbox', '--port-base', String(taken - 3));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`port ${taken} (sandbox hub page) is in use on 127.0.0.1`);
    expect(r.stderr).toContain('--port-base N');
    expect(r.stdout).toBe('');
  });

  it('refuses a base outside the usable range with exit 2', async () => {
    const runs = await Promise.all(
      ['80', 'abc', String(65535 - BLOCK_SIZE + 2)].map((base) =>
        project.run('sandbox', '--port-base', base),
      ),
    );
    for (const r of runs) {
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--port-base takes a port from 1024')]);
    }
  }, 60_000);

  it('refuses the complete sandbox flags next to the single-emulator ones', async () => {
    const r = await project.run('sandbox', '--port', '0', '--write-config', 'x.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--port-base, --write-config and --daemon-port belong to the complete sandbox',
    );
  });
});
