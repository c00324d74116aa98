import { readFileSync } from 'node:fs';

/**
 * Whether a process still runs. A process that has exited but not yet been reaped by its parent
 * (a zombie) answers signal 0 like a live one; a daemon started detached is reaped by init, which
 * may take seconds, so `opsbot stop` would wait on a process that is already gone. Linux shows
 * that state in /proc/PID/stat; elsewhere the signal alone decides.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !zombie(pid);
}

function zombie(pid: number): boolean {
  try {
    // "PID (command) STATE …": the command may itself hold spaces or parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}
