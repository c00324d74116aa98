import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { probeDaemon } from '../../daemon/control.ts';
import type { Daemon } from '../../daemon/daemon.ts';
import { acquireLock, describeHolder, type Lock, peekLock } from '../../daemon/lock.ts';
import { daemonPaths } from '../../daemon/paths.ts';
import { assertPortFree } from '../../daemon/port-check.ts';
import { formatIssue } from '../../platform/config/load.ts';
import { MASTER_KEY_FILE } from '../../platform/crypto.ts';
import { errorMessage, OpsbotError } from '../../platform/errors.ts';
import { modulePath } from '../../platform/module-path.ts';
import { makePrivateDir, readableByOthers } from '../../platform/private-files.ts';
import { checkEverything, findConfigFile } from '../config-file.ts';
import { call } from '../daemon-client.ts';
import { printJson, say } from '../output.ts';
import { reportStarting } from '../unhealthy.ts';

const MAIN = modulePath(import.meta.url, '../main.ts');

type StartMessage =
  | { t: 'ready'; url: string; pid: number; sandbox: string | null }
  | { t: 'error'; message: string };

/** `opsbot start APP` starts one app; `opsbot start` starts the daemon. */
export async function startCommand(
  app: string | undefined,
  opts: { config?: string; foreground?: boolean; json?: boolean; wait?: boolean },
) {
  if (app) {
    const result = await call(opts.config, 'app.start', { app });
    if (opts.json) printJson({ app, ...result });
    else say(`${app}: ${result.state}`);
    return;
  }
  const file = findConfigFile(opts.config);
  // Validate everything before anything starts, so bad input never leaves a half-started daemon.
  const { config, issues } = await checkEverything(file);
  if (!config || issues.length) {
    // One problem is one line; several are listed, then summed up.
    if (issues.length === 1 && issues[0]) throw new OpsbotError('CONFIG', formatIssue(file, issues[0]));
    for (const issue of issues) say(formatIssue(file, issue));
    throw new OpsbotError('CONFIG', `${issues.length} problems in ${file}; nothing was started`);
  }
  // Before dataDir exists: a port in use must leave nothing behind.
  await assertPortFree(config.http.host, config.http.port);
  const paths = daemonPaths(config.dataDirPath);
  makePrivateDir(config.dataDirPath, 'dataDir');
  const exposed = readableByOthers(config.dataDirPath);
  if (exposed) say(`opsbot: warning: ${exposed}`);
  const state = await probeDaemon(paths.socket);
  if (state === 'running') {
    const info = await call(opts.config ?? file, 'ping', {});
    throw new OpsbotError('RUNNING', `opsbot is already running (pid ${info.pid}, ${info.url})`);
  }
  if (state === 'stale') {
    rmSync(paths.socket, { force: true });
    say('opsbot: removed a stale control socket left by a daemon that died');
  }
  const keyFile = path.join(config.dataDirPath, MASTER_KEY_FILE);
  const generatesKey = !config.secrets.masterKey && !existsSync(keyFile);
  // Said after a successful start, so a failed start still prints exactly one line.
  const afterStart = () =>
    generatesKey &&
    say(`opsbot: generated a master key into ${keyFile}; set secrets.masterKey in production`);
  // In the foreground the daemon's own log line says it.
  const holder = peekLock(paths.lock);
  if (holder) say(`opsbot: waiting: ${describeHolder(holder, paths.lock)}`);
  if (opts.foreground) return runForeground(config);
  await startBackground(file, paths.daemonLog, paths.logDir, opts.json);
  afterStart();
  await reportStarting(file, opts.wait ?? false);
}

async function runForeground(config: Awaited<ReturnType<typeof checkEverything>>['config'] & object) {
  let daemon: Daemon;
  let lock: Lock | undefined;
  try {
    // The daemon owns the store while it runs; a CLI command changing it without a daemon goes first.
    lock = await acquireLock(
      daemonPaths(config.dataDirPath).lock,
      { owner: 'daemon', command: 'opsbot start' },
      config.lockWait,
    );
    // Spawned by `opsbot start` (an IPC channel): stdout already is opsbot.log, so the file alone.
    // Loaded here: the `opsbot start` that only spawns the daemon does not need its code.
    const { Daemon } = await import('../../daemon/daemon.ts');
    daemon = await Daemon.start(config, undefined, { stdout: !process.send });
  } catch (err) {
    lock?.release();
    process.send?.({ t: 'error', message: errorMessage(err) } satisfies StartMessage);
    throw err;
  }
  // A failed write to stdout or stderr (a full disk, a closed terminal) must not take the daemon down.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const stop = () => void daemon.shutdown();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  say(`opsbot is running at ${daemon.url} (pid ${process.pid})`);
  if (daemon.sandboxUrl) say(`sandbox chat: ${daemon.sandboxUrl}`);
  if (process.send) {
    const ready: StartMessage = { t: 'ready', url: daemon.url, pid: process.pid, sandbox: daemon.sandboxUrl };
    process.send(ready);
    process.disconnect();
  }
  await daemon.whenStopped();
  lock.release();
  process.exit(0);
}

/** Spawns the daemon detached and returns once it reports healthy (or prints why it could not start). */
async function startBackground(file: string, logFile: string, logDir: string, json?: boolean) {
  makePrivateDir(logDir, 'the log folder');
  const fd = openSync(logFile, 'a', 0o600);
  const child = spawn(
    process.execPath,
    [...process.execArgv, MAIN, 'start', '--foreground', '--config', file],
    {
      detached: true,
      stdio: ['ignore', fd, fd, 'ipc'],
    },
  );
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const result = await Promise.race([
    new Promise<StartMessage>((resolve) => child.once('message', (m: StartMessage) => resolve(m))),
    exited.then(
      (code): StartMessage => ({
        t: 'error',
        message: `the daemon exited with code ${code} while starting; see ${logFile}`,
      }),
    ),
  ]);
  if (result.t === 'error') {
    // A failed start says so only once the daemon process is gone: nothing is left running after it.
    const gone = await Promise.race([
      exited.then(() => true),
      new Promise<false>((r) => setTimeout(r, 10_000, false)),
    ]);
    if (!gone) child.kill('SIGKILL');
  }
  child.removeAllListeners();
  if (child.connected) child.disconnect();
  child.unref();
  if (result.t === 'error') throw new OpsbotError('START', result.message);
  if (json) printJson({ pid: result.pid, url: result.url, sandbox: result.sandbox, config: file });
  else {
    say(`opsbot is running at ${result.url} (pid ${result.pid}); logs: ${logFile}`);
    // The token in this link opens the sandbox API once a sandbox connection has a secret.
    if (result.sandbox) say(`sandbox chat: ${result.sandbox}`);
  }
}
