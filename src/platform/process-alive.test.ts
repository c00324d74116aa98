import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { processAlive } from './process-alive.ts';

// A parent that forks a child which exits at once, and never reaps it. SIGCHLD is set to its
// default first: ignored (as it may be inherited), the kernel would reap the child itself.
const ZOMBIE_MAKER = [
  'import os, signal, time',
  'signal.signal(signal.SIGCHLD, signal.SIG_DFL)',
  'pid = os.fork()',
  'if pid == 0: os._exit(0)',
  'print(pid, flush=True)',
  'time.sleep(5)',
].join('\n');

describe('processAlive', () => {
  it('is true for a running process and false for a pid nobody has', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 1)).toBe(false); // above Linux's largest pid
  });

  it('is false for a process that exited but was not reaped yet (a zombie)', async () => {
    const parent = spawn('python3', ['-c', ZOMBIE_MAKER], { stdio: ['ignore', 'pipe', 'ignore'] });
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const pid = Number(line.toString().trim());
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(() => process.kill(pid, 0)).not.toThrow(); // still in the process table
      expect(processAlive(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
