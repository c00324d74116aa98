// Memory of a process tree, from /proc: a daemon and everything it started (apps, app hosts), so
// opsbot and PM2 are measured the same way whatever their process layout.
import { readdirSync, readFileSync } from 'node:fs';

/** A `Name:   123 kB` line of a /proc file, in MiB. */
function procMiB(file: string, field: string): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(file, 'utf8'))?.[1];
  if (!kb) throw new Error(`no ${field} in ${file}`);
  return Number(kb) / 1024;
}

/** Resident set size, as `ps` and `top` show it. Pages shared with other processes count fully. */
export const rssMiB = (pid: number) => procMiB(`/proc/${pid}/status`, 'VmRSS');
/** Proportional set size: shared pages (the node binary, say) split among the processes sharing them. */
export const pssMiB = (pid: number) => procMiB(`/proc/${pid}/smaps_rollup`, 'Pss');

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (in parentheses) may hold spaces; the parent pid is the second field after it.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // gone meanwhile
  }
}

/** `root` and all its descendants, alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentOf(Number(name));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const tree: number[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export interface TreeMemory {
  processes: number;
  /** Sum of VmRSS over the tree, MiB. */
  rssMiB: number;
  /** Sum of PSS over the tree, MiB: closer to what the tree really takes from the machine. */
  pssMiB: number;
}

export function treeMemory(root: number): TreeMemory {
  const pids = processTree(root);
  const sum = (read: (pid: number) => number) => pids.reduce((total, pid) => total + read(pid), 0);
  return { processes: pids.length, rssMiB: sum(rssMiB), pssMiB: sum(pssMiB) };
}
