// The reference for the footprint figures: PM2 with 10 idle scripts, measured in the same run the way
// opsbot is. PM2 is installed by the bench into a temporary folder from the npm registry (never a
// dependency of opsbot), runs with its own PM2_HOME there, and is killed (`pm2 kill`) afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processAlive } from '../src/platform/process-alive.ts';
import { type CliResult, runProcess } from '../test/helpers/cli.ts';
import { isMain, log, sleep } from './lib.ts';
import { type TreeMemory, treeMemory } from './memory.ts';
import { median, timed, wallTimes } from './timing.ts';

/** Pinned so runs compare: a newer PM2 is a different reference. */
export const PM2_VERSION = '7.0.4';
const SCRIPTS = 10;
const CLI_RUNS = 8;

/** The idle script: a Node process that only keeps itself alive. */
const IDLE_SCRIPT = 'setInterval(() => {}, 1e9);\n';

export interface Pm2Result {
  version: string;
  scripts: number;
  idleSeconds: number;
  /** `pm2 start ecosystem.config.cjs` (daemon not yet running), and until `pm2 jlist` shows all online. */
  startReturnMs: number;
  allOnlineMs: number;
  /** The PM2 daemon ("God Daemon") and all its descendants. */
  tree: TreeMemory;
  /** `pm2 jlist` with the scripts idle, one sample per run. */
  jlistMs: number[];
}

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string };
}

class Pm2 {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'opsbot-bench-pm2-'));
  readonly home = path.join(this.dir, 'home');
  readonly bin = path.join(this.dir, 'node_modules', '.bin', 'pm2');
  // PM2 starts with `#!/usr/bin/env node`: this Node comes first, so both sides run the same one.
  readonly env = {
    PM2_HOME: this.home,
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
  };

  async install(): Promise<void> {
    const npm = path.join(path.dirname(process.execPath), 'npm');
    const args = ['install', '--prefix', this.dir, `pm2@${PM2_VERSION}`, '--no-audit', '--no-fund'];
    const r = await runProcess(existsSync(npm) ? npm : 'npm', args, { cwd: this.dir, env: this.env });
    if (r.code !== 0 || !existsSync(this.bin))
      throw new Error(`npm install pm2 failed (${r.code}): ${r.stderr.trim()}`);
    writeFileSync(path.join(this.dir, 'idle.js'), IDLE_SCRIPT);
    const apps = Array.from({ length: SCRIPTS }, (_, i) => ({ name: `idle-${i + 1}`, script: './idle.js' }));
    writeFileSync(
      path.join(this.dir, 'ecosystem.config.cjs'),
      `module.exports = ${JSON.stringify({ apps })};\n`,
    );
  }

  command(...args: string[]) {
    return { command: this.bin, args, cwd: this.dir, env: this.env };
  }

  run(...args: string[]): Promise<CliResult> {
    return runProcess(this.bin, args, { cwd: this.dir, env: this.env });
  }

  async jlist(): Promise<Pm2Process[]> {
    const r = await this.run('jlist');
    if (r.code !== 0) throw new Error(`pm2 jlist failed (${r.code}): ${r.stderr.trim()}`);
    // jlist prints the JSON array on one line; anything PM2 says around it is skipped.
    const line = r.stdout.split('\n').find((l) => l.startsWith('['));
    return JSON.parse(line ?? '[]') as Pm2Process[];
  }

  daemonPid(): number {
    return Number(readFileSync(path.join(this.home, 'pm2.pid'), 'utf8').trim());
  }

  /** `pm2 kill`, then waits for the daemon to be gone; the folder goes either way. */
  async dispose(): Promise<void> {
    try {
      const pid = existsSync(path.join(this.home, 'pm2.pid')) ? this.daemonPid() : undefined;
      if (existsSync(this.bin)) await this.run('kill');
      if (pid) await gone(pid);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 50 && processAlive(pid); i++) await sleep(100);
  if (processAlive(pid)) {
    log(`pm2: daemon ${pid} still up after pm2 kill; SIGKILL`);
    process.kill(pid, 'SIGKILL');
  }
}

/** Ctrl-C during the benchmark still kills PM2's daemon (synchronously: the process is about to end). */
function killOnInterrupt(pm2: Pm2): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      if (existsSync(pm2.bin))
        execFileSync(pm2.bin, ['kill'], { env: { ...process.env, ...pm2.env }, stdio: 'ignore' });
    } finally {
      rmSync(pm2.dir, { recursive: true, force: true });
      // Alone, this listener would keep the process alive; with others (lib.ts's), they end it.
      if (process.listenerCount(signal) === 0) process.exit(130);
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

export async function benchPm2(idleSeconds = 10): Promise<Pm2Result> {
  const pm2 = new Pm2();
  const forget = killOnInterrupt(pm2);
  try {
    log(`pm2: npm install pm2@${PM2_VERSION} into ${pm2.dir}`);
    await pm2.install();
    const start = await timed(pm2.command('start', 'ecosystem.config.cjs'));
    if (start.result.code !== 0)
      throw new Error(`pm2 start failed (${start.result.code}): ${start.result.stderr}`);
    // Back to back, like opsbot's side: the time is not rounded up to a poll interval.
    const t0 = performance.now() - start.ms;
    for (;;) {
      const online = (await pm2.jlist()).filter((p) => p.pm2_env.status === 'online' && p.pid);
      if (online.length === SCRIPTS) break;
      if (performance.now() - t0 > 60_000)
        throw new Error(`only ${online.length} of ${SCRIPTS} scripts online`);
    }
    const allOnlineMs = performance.now() - t0;
    log(`pm2: start returned after ${start.ms.toFixed(0)} ms, all online after ${allOnlineMs.toFixed(0)} ms`);
    await sleep(idleSeconds * 1000);
    const online = (await pm2.jlist()).filter((p) => p.pm2_env.status === 'online');
    if (online.length !== SCRIPTS)
      throw new Error(`only ${online.length} of ${SCRIPTS} scripts online after idling`);
    const tree = treeMemory(pm2.daemonPid());
    const jlistMs = await wallTimes(pm2.command('jlist'), CLI_RUNS);
    return {
      version: PM2_VERSION,
      scripts: SCRIPTS,
      idleSeconds,
      startReturnMs: start.ms,
      allOnlineMs,
      tree,
      jlistMs,
    };
  } finally {
    forget();
    await pm2.dispose();
  }
}

if (isMain(import.meta.url)) {
  const r = await benchPm2();
  process.stdout.write(
    `PM2 ${r.version}, ${r.scripts} idle scripts: ${r.tree.processes} processes ${r.tree.rssMiB.toFixed(1)} MiB ` +
      `(PSS ${r.tree.pssMiB.toFixed(1)} MiB); start returned after ${r.startReturnMs.toFixed(0)} ms, all online ` +
      `after ${r.allOnlineMs.toFixed(0)} ms; jlist median ${median(r.jlistMs).toFixed(0)} ms\n`,
  );
}
