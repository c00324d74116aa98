import { rmSync } from 'node:fs';
import { probeDaemon } from '../../daemon/control.ts';
import { OpsbotError } from '../../platform/errors.ts';
import { processAlive } from '../../platform/process-alive.ts';
import { clusterSection } from '../cluster-table.ts';
import { call, target } from '../daemon-client.ts';
import { duration, printJson, say } from '../output.ts';
import { parseSets } from '../sets.ts';
import { statusTable } from '../status-table.ts';
import { reportUnhealthy } from '../unhealthy.ts';

export async function statusCommand(opts: { config?: string; json?: boolean }) {
  const status = await call(opts.config, 'status', {});
  if (opts.json) return printJson(status);
  process.stdout.write(`${statusTable(status, Date.now())}\n`);
  if (status.cluster) {
    const { node, nodes, leases } = status.cluster;
    process.stdout.write(`\n${clusterSection(nodes, leases, Date.now(), status.cluster.ttl)}\n`);
    say(`this node: ${node}`);
  }
  say(`opsbot pid ${status.pid} · ${status.url} · ${status.config}`);
}

export async function reloadCommand(opts: { config?: string; json?: boolean }) {
  // Checked here exactly as `start` checks (app modules and `with:` included, in a fresh process so
  // edited code is what is read); any problem and the daemon is not asked at all.
  const { config: file } = await call(opts.config, 'ping', {});
  // Only reload checks the whole config (every connector's schema): status and stop stay light.
  const { checkEverything, refuseIssues } = await import('../config-file.ts');
  const { issues } = await checkEverything(file);
  refuseIssues(file, issues, 'nothing was changed');
  const report = await call(opts.config, 'reload', {}, 120_000);
  if (opts.json) return printJson(report);
  const line = (label: string, apps: string[]) => apps.length && say(`${label}: ${apps.join(', ')}`);
  line('started', report.started);
  line('restarted', report.restarted);
  line('stopped', report.stopped);
  line('unchanged', report.unchanged);
  line('changed but kept stopped (opsbot start APP applies it)', report.paused);
  if (!report.started.length && !report.restarted.length && !report.stopped.length) say('nothing changed');
  if (report.needsRestart.length) {
    say(`changed ${report.needsRestart.join(', ')}: restart the daemon (opsbot stop; opsbot start) to apply`);
  }
  await reportUnhealthy(opts.config);
}

/** `stop` stops the daemon and every app; `stop APP…` stops only those apps. */
export async function stopCommand(apps: string[], opts: { config?: string; json?: boolean }) {
  if (apps.length) {
    const results = [];
    for (const app of apps) results.push({ app, ...(await call(opts.config, 'app.stop', { app })) });
    if (opts.json) printJson(results);
    else for (const r of results) say(`${r.app}: stopped`);
    return;
  }
  const t = target(opts.config);
  const state = await probeDaemon(t.socket);
  if (state !== 'running') {
    if (state === 'stale') rmSync(t.socket, { force: true });
    say(
      state === 'stale' ? 'opsbot is not running (removed a stale control socket)' : 'opsbot is not running',
    );
    return;
  }
  const { pid } = await call(opts.config, 'stop', {});
  // Wait for the daemon process itself to be gone: it stops its apps first.
  const deadline = Date.now() + 120_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(pid)) throw new OpsbotError('STOP', `opsbot (pid ${pid}) did not stop within 120s`);
  if (opts.json) printJson({ stopped: true, pid });
  else say(`opsbot stopped (pid ${pid})`);
}

export async function restartCommand(app: string, opts: { config?: string; json?: boolean }) {
  const result = await call(opts.config, 'app.restart', { app });
  if (opts.json) printJson({ app, ...result });
  else say(`${app}: ${result.state}`);
}

export async function runCommand(
  app: string,
  opts: { config?: string; json?: boolean; dryRun?: boolean; set?: string[] },
) {
  const set = parseSets(opts.set);
  const result = await call(
    opts.config,
    'app.run',
    { app, dryRun: opts.dryRun === true, set },
    24 * 3600_000,
  );
  if (opts.json) printJson({ app, ...result });
  else
    say(
      `${app}: run ${result.runId} ${result.outcome} in ${duration(result.durationMs)}${result.error ? ` — ${result.error}` : ''}`,
    );
  if (result.outcome !== 'ok') process.exitCode = 1;
}

/** `opsbot do APP ACTION [--set k=v…]`: the app's action runs in its process; its result is printed. */
export async function doCommand(
  app: string,
  action: string,
  opts: { config?: string; json?: boolean; set?: string[] },
) {
  const args = parseSets(opts.set);
  const result = await call(opts.config, 'app.do', { app, action, args }, 24 * 3600_000);
  if (opts.json) return printJson(result ?? null);
  // Text stays text; anything structured is data and prints as JSON.
  if (typeof result === 'string') process.stdout.write(`${result}\n`);
  else if (result !== undefined) printJson(result);
  say(`${app} ${action}: done`);
}
