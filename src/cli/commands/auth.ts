import { createServer } from 'node:http';
import type { AuthStatus } from '../../connectors/types.ts';
import { probeDaemon } from '../../daemon/control.ts';
import { createConnectors } from '../../daemon/daemon.ts';
import { storeFor } from '../../daemon/store-for.ts';
import { AuthService } from '../../engine/oauth/auth-service.ts';
import {
  CALLBACK_PAGE_HEADERS,
  type CallbackAnswer,
  callbackPage,
  handleOAuthCallback,
} from '../../engine/oauth/callback.ts';
import { readState } from '../../engine/oauth/states.ts';
import { Outbox } from '../../engine/outbox/outbox.ts';
import { systemClock } from '../../platform/clock.ts';
import type { LoadedConfig } from '../../platform/config/schema.ts';
import { errorMessage, OpsbotError, usageError } from '../../platform/errors.ts';
import { silentLogger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';
import { findConfigFile, loadDaemonConfig } from '../config-file.ts';
import { call, callOrLocal, target, underLock } from '../daemon-client.ts';
import { localTime, printJson, say, table } from '../output.ts';

/**
 * `opsbot auth url|login|exchange|refresh|status`. Token refreshes and code exchanges go through a
 * running daemon (so its single-flight refresh holds: a rotated refresh token is single-use);
 * without one, the command does the work itself on the same store.
 */

type Opts = { config?: string; json?: boolean };

interface Local {
  config: LoadedConfig;
  store: Store;
  service: AuthService;
  connectors: ReturnType<typeof createConnectors>;
}

async function withLocal<T>(opts: Opts, work: (local: Local) => Promise<T>): Promise<T> {
  const config = await loadDaemonConfig(findConfigFile(opts.config));
  const store = await storeFor(config);
  const connectors = createConnectors(config, store, silentLogger(), systemClock);
  const outbox = new Outbox({ store, connectors, targets: config.targets, clock: systemClock });
  const service = new AuthService({ connectors, store, clock: systemClock, outbox, targets: config.targets });
  try {
    return await work({ config, store, service, connectors });
  } finally {
    await Promise.all([...connectors.values()].map((c) => c.close?.()));
    await store.close();
  }
}

async function daemonRunning(opts: Opts): Promise<boolean> {
  return (await probeDaemon(target(opts.config).socket)) === 'running';
}

function days(s: AuthStatus): string {
  if (!s.refresh) return '-';
  return s.refresh.daysLeft === null ? 'unknown' : `${s.refresh.daysLeft}d`;
}

function printStatuses(statuses: AuthStatus[], opts: Opts, warned: string[] = []): void {
  if (opts.json) {
    printJson({ connections: statuses, warned });
    return;
  }
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const rows = statuses.map((s) => [
    s.connection,
    s.flow,
    s.state,
    s.access?.expiresAt ? localTime(s.access.expiresAt, tz) : s.access ? 'no expiry' : 'none',
    days(s),
  ]);
  process.stdout.write(
    `${table(['connection', 'flow', 'state', 'access token expires', 'refresh left'], rows)}\n`,
  );
  for (const s of statuses) if (s.warning) say(`warning: ${s.connection}: ${s.warning}`);
  if (warned.length) say(`sent a warning to the admin target for: ${warned.join(', ')}`);
}

export async function authStatusCommand(connection: string | undefined, opts: Opts) {
  // Warnings are recorded in the store (and queued to the admin target): a change like any other.
  const { statuses, warned } = await callOrLocal(
    opts.config,
    'auth.status',
    connection ? { connection } : {},
    () =>
      withLocal(opts, async ({ service }) => {
        const list = await service.status(connection);
        return { statuses: list, warned: await service.warn(list) };
      }),
  );
  if (!statuses.length) say('no connection uses OAuth tokens');
  printStatuses(statuses, opts, warned);
  // Scripts and cron can alert on the exit code alone.
  if (statuses.some((s) => s.state === 'expired' || s.state === 'needs-login')) process.exitCode = 1;
}

/** Through the daemon, whose single-flight refresh holds (a rotated refresh token is single-use). */
export async function authRefreshCommand(connection: string, opts: Opts) {
  const status = await callOrLocal(opts.config, 'auth.refresh', { connection }, () =>
    withLocal(opts, ({ service }) => service.refresh(connection)),
  );
  if (!opts.json) say(`refreshed ${connection}`);
  printStatuses([status], opts);
}

export async function authExchangeCommand(connection: string, opts: Opts & { code?: string }) {
  if (!opts.code) throw usageError('give the code from the redirect: --code <code>');
  const code = opts.code;
  const status = await callOrLocal(opts.config, 'auth.exchange', { connection, code }, () =>
    withLocal(opts, ({ service }) => service.exchange(connection, code)),
  );
  if (!opts.json) say(`stored tokens for ${connection}`);
  printStatuses([status], opts);
}

export async function authUrlCommand(connection: string, opts: Opts) {
  const { url, state } = await callOrLocal(opts.config, 'auth.url', { connection }, () =>
    withLocal(opts, ({ service }) => service.loginUrl(connection)),
  );
  if (opts.json) {
    printJson({ connection, url, state });
    return;
  }
  process.stdout.write(`${url}\n`);
  say(
    'Open it, consent, and the redirect to /oauth/<connection>/callback finishes the login (the daemon must be running),',
  );
  say(`or paste the code from the redirect: opsbot auth exchange ${connection} --code <code>`);
}

/** Prints the URL, then waits for the redirect: on the daemon's gateway, or on a listener of its own. */
export async function authLoginCommand(connection: string, opts: Opts & { timeout?: string }) {
  const timeoutS = Number(opts.timeout ?? 300);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0)
    throw usageError('--timeout must be a positive number of seconds');
  const running = await daemonRunning(opts);
  // With a daemon, it makes the state and its gateway takes the redirect; this only watches the
  // store. Without one, this command is the store's writer for as long as it waits, under the lock.
  const login = () =>
    withLocal(opts, async ({ config, service, store, connectors }) => {
      const { url, state } = running
        ? await call(opts.config, 'auth.url', { connection })
        : await service.loginUrl(connection);
      const server = running ? undefined : await listenForCallback(config, store, connectors);
      try {
        if (opts.json) printJson({ connection, url, state });
        else {
          say(`Open this URL in a browser and consent (waiting up to ${timeoutS}s):`);
          process.stdout.write(`${url}\n`);
        }
        const outcome = await waitForOutcome(store, state, timeoutS * 1000);
        if (!outcome.ok) throw new OpsbotError('AUTH', `login failed: ${outcome.error}`);
        const [status] = await service.status(connection);
        if (!opts.json) say(`logged in: ${connection}`);
        if (status && !opts.json) printStatuses([status], opts);
      } finally {
        await server?.close();
      }
    });
  await (running ? login() : underLock(opts.config, 'opsbot auth login', login));
}

async function waitForOutcome(store: Store, state: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pending = await readState(store, state);
    const outcome = pending?.outcome;
    if (outcome && (outcome.ok || outcome.error !== 'exchange in progress')) return outcome;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new OpsbotError('TIMEOUT', `no redirect came back within ${timeoutMs / 1000}s`);
}

/** Without a daemon, serve just GET /oauth/<connection>/callback on the configured http address. */
async function listenForCallback(
  config: LoadedConfig,
  store: Store,
  connectors: ReturnType<typeof createConnectors>,
): Promise<{ close(): Promise<void> }> {
  const answer = async (rawUrl: string | undefined, method: string | undefined): Promise<CallbackAnswer> => {
    const url = new URL(rawUrl ?? '/', 'http://localhost');
    const match = /^\/oauth\/([^/]+)\/callback$/.exec(url.pathname);
    if (method !== 'GET' || !match) return { status: 404, title: 'Not found', detail: url.pathname };
    let name: string;
    try {
      name = decodeURIComponent(match[1] ?? '');
    } catch {
      return { status: 400, title: 'Bad request', detail: 'the connection name is not valid URL encoding' };
    }
    return handleOAuthCallback({
      connection: name,
      connector: connectors.get(name),
      query: Object.fromEntries(url.searchParams),
      store,
      now: Date.now(),
    });
  };
  const server = createServer((req, res) => {
    answer(req.url, req.method)
      .catch((err: unknown) => ({ status: 500, title: 'Login failed', detail: errorMessage(err) }))
      .then((a) => res.writeHead(a.status, CALLBACK_PAGE_HEADERS).end(callbackPage(a)));
  });
  const { host, port } = config.http;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new OpsbotError(
          'PORT_IN_USE',
          err.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is in use, and no opsbot daemon answers: free it or start the daemon`
            : `cannot listen on ${host}:${port}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, host, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
