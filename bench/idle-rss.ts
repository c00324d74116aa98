// Idle memory: the real daemon (started through the CLI) with 10 long-lived apps, each in its own
// process, left alone for a while; then the resident set of every process, from /proc.
import { readFileSync } from 'node:fs';
import { BenchProject, isMain, log, type StatusJson, sleep, until } from './lib.ts';

const APPS = 10;

/** A small long-lived app: it only waits for a chat command, like most bots do most of the time. */
const APP = `import { defineApp } from 'opsbot';

export default defineApp({
  description: 'idle bench app',
  async start(ctx) {
    ctx.onCommand('ping', (cmd) => cmd.reply('pong'));
  },
});
`;

export interface IdleRssResult {
  apps: number;
  idleSeconds: number;
  /** Resident set sizes in MiB. */
  daemonMiB: number;
  appAverageMiB: number;
  appMinMiB: number;
  appMaxMiB: number;
  totalMiB: number;
  /** Sum of PSS over the same processes: closer to what they really take from the machine. */
  totalPssMiB: number;
}

/** A `Name:   123 kB` line of a /proc file, in MiB. */
function procMiB(file: string, field: string): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(file, 'utf8'))?.[1];
  if (!kb) throw new Error(`no ${field} in ${file}`);
  return Number(kb) / 1024;
}

/** Resident set size, as `ps` and `top` show it. Pages shared with other processes count fully. */
const rssMiB = (pid: number) => procMiB(`/proc/${pid}/status`, 'VmRSS');
/** Proportional set size: shared pages (the node binary, say) split among the processes sharing them. */
const pssMiB = (pid: number) => procMiB(`/proc/${pid}/smaps_rollup`, 'Pss');

export async function benchIdleRss(idleSeconds = 10): Promise<IdleRssResult> {
  const project = new BenchProject('opsbot-bench-rss-');
  try {
    project.write('idle-app.ts', APP);
    const apps = Array.from(
      { length: APPS },
      (_, i) => `  app-${String(i + 1).padStart(2, '0')}: { use: ./idle-app.ts }`,
    );
    project.write(
      'opsbot.yaml',
      ['timezone: UTC', 'dataDir: ./data', 'http: { port: 0 }', 'apps:', ...apps, ''].join('\n'),
    );
    const { pid } = await project.start();
    log(`idle RSS: daemon pid ${pid}; waiting for ${APPS} apps to run`);
    await until(
      `${APPS} apps running`,
      async () => {
        const status = await project.status();
        const running = status.apps.filter((a) => a.state === 'running' && a.pid);
        return running.length === APPS ? status : undefined;
      },
      60_000,
    );
    log(`idle RSS: all running; idling ${idleSeconds} s`);
    await sleep(idleSeconds * 1000);
    // Read pids again after the idle period: an app that restarted meanwhile must not be missed.
    const status: StatusJson = await project.status();
    const appPids = status.apps.filter((a) => a.state === 'running' && a.pid).map((a) => a.pid as number);
    if (appPids.length !== APPS)
      throw new Error(`only ${appPids.length} of ${APPS} apps are running after idling`);
    const daemon = rssMiB(status.pid);
    const perApp = appPids.map(rssMiB);
    const appTotal = perApp.reduce((sum, v) => sum + v, 0);
    return {
      apps: APPS,
      idleSeconds,
      daemonMiB: daemon,
      appAverageMiB: appTotal / perApp.length,
      appMinMiB: Math.min(...perApp),
      appMaxMiB: Math.max(...perApp),
      totalMiB: daemon + appTotal,
      totalPssMiB: [status.pid, ...appPids].reduce((sum, p) => sum + pssMiB(p), 0),
    };
  } finally {
    await project.dispose();
  }
}

export function describeIdleRss(r: IdleRssResult): string {
  return (
    `idle RSS after ${r.idleSeconds} s: daemon ${r.daemonMiB.toFixed(1)} MiB, ` +
    `per app ${r.appAverageMiB.toFixed(1)} MiB (${r.appMinMiB.toFixed(1)}–${r.appMaxMiB.toFixed(1)}), ` +
    `total with ${r.apps} apps ${r.totalMiB.toFixed(1)} MiB (PSS ${r.totalPssMiB.toFixed(1)} MiB)`
  );
}

if (isMain(import.meta.url)) {
  const result = await benchIdleRss();
  process.stdout.write(`${describeIdleRss(result)}\n`);
}
