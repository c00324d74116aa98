// Idle memory: the real daemon, started with bin/opsbot as a user does, with 10 long-lived apps (each
// in its own process, or with `isolation: thread` as worker threads of a shared app host), left alone
// for a while; then the resident set of the daemon and everything it started, from /proc. The same
// daemon gives the start-up times and the `opsbot status --json` wall time.
import { BIN } from '../test/helpers/cli.ts';
import { BenchProject, isMain, log, type StatusJson, sleep } from './lib.ts';
import { rssMiB, type TreeMemory, treeMemory } from './memory.ts';
import { median, wallTimes } from './timing.ts';

const APPS = 10;
/** Wall-time samples of `opsbot status --json`; the median is reported. */
export const CLI_RUNS = 8;

/** A small long-lived app: it only waits for a chat command, like most bots do most of the time. */
const APP = `import { defineApp } from 'opsbot';

export default defineApp({
  description: 'idle bench app',
  async start(ctx) {
    ctx.onCommand('ping', (cmd) => cmd.reply('pong'));
  },
});
`;

export type Isolation = 'process' | 'thread';

/** Thrown when this build's config does not accept the isolation asked for: a row, not a failure. */
export const NOT_AVAILABLE = 'not available';

export interface IdleRssResult {
  isolation: Isolation;
  apps: number;
  idleSeconds: number;
  /** Resident set sizes in MiB. */
  daemonMiB: number;
  /** Per app process; absent with thread isolation (the apps share one host process). */
  perApp?: { averageMiB: number; minMiB: number; maxMiB: number };
  /** The daemon and all its descendants. */
  tree: TreeMemory;
  /** `bin/opsbot start` (returns once healthy), and from its launch until status shows all apps running. */
  startReturnMs: number;
  allRunningMs: number;
  /** `bin/opsbot status --json` with the apps idle, one sample per run. */
  statusMs: number[];
}

function projectFor(isolation: Isolation): BenchProject {
  const project = new BenchProject(`opsbot-bench-rss-${isolation}-`);
  project.write('idle-app.ts', APP);
  const apps = Array.from(
    { length: APPS },
    (_, i) => `  app-${String(i + 1).padStart(2, '0')}: { use: ./idle-app.ts }`,
  );
  const top = isolation === 'thread' ? ['isolation: thread'] : [];
  project.write(
    'opsbot.yaml',
    ['timezone: UTC', 'dataDir: ./data', 'http: { port: 0 }', ...top, 'apps:', ...apps, ''].join('\n'),
  );
  return project;
}

/** Fails with NOT_AVAILABLE when the config rejects the isolation key (a build without the feature). */
async function checkConfig(project: BenchProject, isolation: Isolation): Promise<void> {
  const r = await project.cli('config', 'check');
  if (r.code === 0) return;
  const said = `${r.stdout}${r.stderr}`.trim();
  const rejection = said.split('\n').find((l) => /isolation/.test(l));
  if (isolation === 'thread' && rejection)
    throw new Error(
      `${NOT_AVAILABLE}: this build's config rejects \`isolation: thread\` (${rejection.trim()})`,
    );
  throw new Error(`opsbot config check failed (${r.code}): ${said}`);
}

/** Polls status back to back (no sleep, so the time is not rounded up to a poll interval). */
async function untilAllRunning(project: BenchProject, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await project.status();
    if (status.apps.filter((a) => a.state === 'running').length === APPS) return;
    if (performance.now() > deadline) throw new Error(`${APPS} apps not running after ${timeoutMs} ms`);
  }
}

async function measure(project: BenchProject, isolation: Isolation, idleSeconds: number) {
  // Read pids after the idle period: an app that restarted meanwhile must not be missed.
  const status: StatusJson = await project.status();
  const running = status.apps.filter((a) => a.state === 'running');
  if (running.length !== APPS)
    throw new Error(`only ${running.length} of ${APPS} apps are running after idling`);
  const appPids = [...new Set(running.map((a) => a.pid).filter((p): p is number => !!p))];
  const perApp = isolation === 'process' && appPids.length === APPS ? appPids.map(rssMiB) : undefined;
  return {
    isolation,
    apps: APPS,
    idleSeconds,
    daemonMiB: rssMiB(status.pid),
    ...(perApp
      ? {
          perApp: {
            averageMiB: perApp.reduce((sum, v) => sum + v, 0) / perApp.length,
            minMiB: Math.min(...perApp),
            maxMiB: Math.max(...perApp),
          },
        }
      : {}),
    tree: treeMemory(status.pid),
  };
}

export async function benchIdleRss(
  options: { isolation?: Isolation; idleSeconds?: number } = {},
): Promise<IdleRssResult> {
  const { isolation = 'process', idleSeconds = 10 } = options;
  const project = projectFor(isolation);
  try {
    await checkConfig(project, isolation);
    const t0 = performance.now();
    const { pid } = await project.start(true, false);
    const startReturnMs = performance.now() - t0;
    log(
      `idle RSS (${isolation}): daemon pid ${pid} after ${startReturnMs.toFixed(0)} ms; waiting for ${APPS} apps`,
    );
    await untilAllRunning(project, 60_000);
    const allRunningMs = performance.now() - t0;
    log(`idle RSS (${isolation}): all running after ${allRunningMs.toFixed(0)} ms; idling ${idleSeconds} s`);
    await sleep(idleSeconds * 1000);
    const memory = await measure(project, isolation, idleSeconds);
    const status = { command: BIN, args: ['status', '--json', '--config', project.path('opsbot.yaml')] };
    const statusMs = await wallTimes({ ...status, cwd: project.dir }, CLI_RUNS);
    return { ...memory, startReturnMs, allRunningMs, statusMs };
  } finally {
    await project.dispose();
  }
}

export function describeIdleRss(r: IdleRssResult): string {
  const perApp = r.perApp
    ? `per app ${r.perApp.averageMiB.toFixed(1)} MiB (${r.perApp.minMiB.toFixed(1)}–${r.perApp.maxMiB.toFixed(1)}), `
    : '';
  return (
    `idle RSS (${r.isolation}) after ${r.idleSeconds} s: daemon ${r.daemonMiB.toFixed(1)} MiB, ${perApp}` +
    `total of ${r.tree.processes} processes ${r.tree.rssMiB.toFixed(1)} MiB (PSS ${r.tree.pssMiB.toFixed(1)} MiB); ` +
    `start returned after ${r.startReturnMs.toFixed(0)} ms, all running after ${r.allRunningMs.toFixed(0)} ms; ` +
    `status --json median ${median(r.statusMs).toFixed(0)} ms`
  );
}

if (isMain(import.meta.url)) {
  // `node bench/idle-rss.ts thread`: the same with `isolation: thread`.
  const result = await benchIdleRss({ isolation: process.argv[2] === 'thread' ? 'thread' : 'process' });
  process.stdout.write(`${describeIdleRss(result)}\n`);
}
