// Shared by the benchmarks (not a benchmark itself): statistics, a temp project driven through the
// real CLI, and the "run me alone" check.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, type CliResult, cli, runProcess } from '../test/helpers/cli.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** True when `moduleUrl` is the script node was started with (`node bench/hooks.ts`). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles: p99 of 6,000 samples is the 5,940th smallest, a value that really occurred. */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Clock ticks per second of /proc's CPU counters (USER_HZ; 100 on every Linux build we target). */
const TICKS_PER_SECOND = 100;

/** CPU counters at one instant, in clock ticks: to tell who used the machine during a phase. */
export interface CpuSample {
  total: number;
  idle: number;
  steal: number;
  /** The server under test (a pid), and this process (the load generator). */
  server: number;
  sender: number;
}

function processTicks(pid: number): number {
  try {
    // The command name (in parentheses) may hold spaces; utime and stime are the 12th and 13th
    // fields after it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export function cpuSample(serverPid?: number): CpuSample {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = ticks;
  const own = process.cpuUsage();
  return {
    total: user + nice + system + idle + iowait + irq + softirq + steal,
    idle: idle + iowait,
    steal,
    server: serverPid ? processTicks(serverPid) : 0,
    sender: ((own.user + own.system) / 1e6) * TICKS_PER_SECOND,
  };
}

/** Shares of the whole machine's CPU time (all cores together = 100%) between two samples. */
export interface CpuShares {
  /** Taken by the hypervisor for other guests: any of it shows up in the latency tail. */
  stealPct: number;
  /** The server under test, the load generator, and everything else that ran meanwhile. */
  serverPct: number;
  senderPct: number;
  othersPct: number;
}

export function cpuBetween(a: CpuSample, b: CpuSample): CpuShares {
  const total = b.total - a.total || 1;
  const pct = (ticks: number) => Math.max(0, (100 * ticks) / total);
  const busy = total - (b.idle - a.idle) - (b.steal - a.steal);
  const server = b.server - a.server;
  const sender = b.sender - a.sender;
  return {
    stealPct: pct(b.steal - a.steal),
    serverPct: pct(server),
    senderPct: pct(sender),
    othersPct: pct(busy - server - sender),
  };
}

export const ms = (value: number, digits = 2) =>
  Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';

export const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis));

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

export interface AppStatus {
  app: string;
  state: string;
  pid: number | null;
}

export interface StatusJson {
  pid: number;
  url: string;
  apps: AppStatus[];
}

/**
 * A throw-away project folder whose daemon is started and stopped through the real CLI, exactly as
 * `bin/opsbot` runs it. `dispose()` stops the daemon and deletes the folder, even after a failure.
 */
export class BenchProject {
  readonly dir: string;
  readonly env: Record<string, string>;
  /** The daemon's pid once started: killed outright if `opsbot stop` fails, so none is left behind. */
  #pid: number | undefined;

  constructor(prefix: string, env: Record<string, string> = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), prefix));
    this.env = env;
    live.add(this);
    stopOnInterrupt();
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  write(file: string, text: string): void {
    writeFileSync(this.path(file), text);
  }

  cli(...args: string[]): Promise<CliResult> {
    return cli(this.dir, [...args, '--config', this.path('opsbot.yaml')], this.env);
  }

  /** The same command through bin/opsbot, the wrapper users run (for timings that include it). */
  bin(...args: string[]): Promise<CliResult> {
    return runProcess(BIN, [...args, '--config', this.path('opsbot.yaml')], { cwd: this.dir, env: this.env });
  }

  /**
   * `opsbot start --json` (through bin/opsbot with `viaBin`): returns once the daemon answers;
   * with `wait` (the default), once every app is up too, as the sections need their listeners.
   */
  async start(viaBin = false, wait = true): Promise<{ pid: number; url: string }> {
    const args = wait ? ['start', '--wait', '--json'] : ['start', '--json'];
    const r = await (viaBin ? this.bin(...args) : this.cli(...args));
    if (r.code !== 0) throw new Error(`opsbot start failed (${r.code}): ${r.stderr.trim()}`);
    const started = JSON.parse(r.stdout) as { pid: number; url: string };
    this.#pid = started.pid;
    return started;
  }

  async status(): Promise<StatusJson> {
    const r = await this.cli('status', '--json');
    if (r.code !== 0) throw new Error(`opsbot status failed (${r.code}): ${r.stderr.trim()}`);
    return JSON.parse(r.stdout) as StatusJson;
  }

  async dispose(): Promise<void> {
    try {
      const r = await this.cli('stop');
      if (r.code !== 0) {
        log(`opsbot stop failed (${r.code}): ${r.stderr.trim()}`);
        if (this.#pid) killIfAlive(this.#pid);
      }
    } finally {
      live.delete(this);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

const live = new Set<BenchProject>();
let interruptHandled = false;

/** Ctrl-C in the middle of a benchmark still stops its daemon and removes its folder. */
function stopOnInterrupt(): void {
  if (interruptHandled) return;
  interruptHandled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the benchmark's daemons`);
      void Promise.allSettled([...live].map((project) => project.dispose())).then(() => process.exit(130));
    });
  }
}

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
    log(`killed daemon pid ${pid}`);
  } catch {
    // already gone
  }
}

/** Polls until check() returns something other than undefined; throws with `what` when the time is up. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}
