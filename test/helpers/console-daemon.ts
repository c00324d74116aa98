import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'vitest';
import type { AppStatus } from '../../src/contracts/daemon-api/control.ts';
import { type CliResult, Project, cli as runCli, until } from './cli.ts';
import { CliSession } from './cli-session.ts';
import { startDaemon, stopDaemon } from './daemon-session.ts';

/**
 * A real daemon for the console's browser tests: one app that reports to a webhook connection,
 * a real HTTP sink as the webhook's far end, and console users of every role.
 */

/** Secrets in the config: no page or API answer may show them to anyone. */
export const SECRETS = {
  appKey: 'app-key-7f3c9a51d2e84b06',
  hookAuth: 'Bearer hook-token-c41d8e2f9b7a',
};
export const PASSWORD = 'correct horse battery';
export const USERS = { admin: 'ada', operator: 'oscar', viewer: 'vera' } as const;

export const REPORTER = `import { defineApp, z } from 'opsbot';
export default defineApp({
  options: z.object({ apiKey: z.string(), checks: z.number() }),
  dryRun: true,
  async run(ctx) {
    ctx.log.info({ checks: ctx.options.checks }, 'sending the daily report');
    await ctx.notify('hook', {
      title: ctx.dryRun ? 'Daily report (dry run)' : 'Daily report',
      text: 'All ' + ctx.options.checks + ' checks passed.',
      severity: 'info',
      fields: [{ name: 'Checks', value: String(ctx.options.checks) }],
      links: [{ label: 'Dashboard', url: 'https://grafana.example.com/d/daily' }],
    });
  },
});
`;

/** The webhook's far end: answers with `status` (settable), records what arrives. */
export class Sink {
  status = 200;
  readonly received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  private readonly server: Server;
  port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        this.received.push({ headers: req.headers, body });
        res.writeHead(this.status, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ConsoleDaemon {
  project: Project;
  cli: CliSession;
  sink: Sink;
  url: string;
  /** The daemon API as the first admin. */
  admin: ApiClient;
  /** The app's status, through the API (quicker than a CLI process per look). */
  reporter(): Promise<AppStatus>;
  /** The daemon API as a user (session cookie + CSRF, as the browser does). */
  api(user: string): Promise<ApiClient>;
  /** Ends every console session of `user` as if its time ran out. */
  expireSessions(user: string): void;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read answers of many shapes
type Json = any;
export type ApiClient = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Json }>;

export async function startConsoleDaemon(extraConfig: string[] = []): Promise<ConsoleDaemon> {
  const project = new Project('opsbot-console-');
  const sink = new Sink();
  await sink.listen();
  project.write('reporter.ts', REPORTER);
  const cli = new CliSession(project.dir, { REPORT_API_KEY: SECRETS.appKey });
  await startDaemon(project, cli, [
    'timezone: Asia/Seoul',
    'connections:',
    `  hook: { type: webhook, url: "http://127.0.0.1:${sink.port}/in", headers: { authorization: "${SECRETS.hookAuth}" } }`,
    'apps:',
    '  reporter:',
    '    use: ./reporter.ts',
    '    schedule: { cron: "0 9 * * *", skip: [holidays:XKRX] }',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a secret reference in opsbot.yaml
    '    with: { apiKey: "${env:REPORT_API_KEY}", checks: 3 }',
    ...extraConfig,
  ]);
  const status = await cli.run('status', '--json');
  const url = (JSON.parse(status.stdout) as { url: string }).url;
  // Until an admin exists the console is a page that says how to make one, in both languages.
  const closed = await fetch(`${url}/console`);
  expect(closed.status).toBe(503);
  const text = await closed.text();
  expect(text).toContain('opsbot console user add NAME --role admin');
  expect(text).toContain('아직 콘솔 관리자가 없습니다');
  // The first admin only from the CLI (the console is closed until one exists); the others as that admin.
  const added = await addUser(project.dir, USERS.admin, 'admin');
  expect(added.code, added.stderr).toBe(0);
  const admin = await apiClient(url, USERS.admin);
  for (const role of ['operator', 'viewer'] as const) {
    const res = await admin('POST', '/api/v1/users', { name: USERS[role], role, password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const reporter = async () => (await admin('GET', '/api/v1/apps/reporter')).body as AppStatus;
  await until('reporter running', async () => (await reporter()).state === 'running');
  return {
    project,
    cli,
    sink,
    url,
    admin,
    reporter,
    api: (user) => apiClient(url, user),
    expireSessions(user) {
      const db = new DatabaseSync(path.join(project.dir, 'data', 'opsbot.db'));
      try {
        db.prepare('UPDATE console_sessions SET expires_at = ? WHERE user_name = ?').run(
          Date.now() - 1000,
          user,
        );
      } finally {
        db.close();
      }
    },
    close: () => stopDaemon(project, cli, sink),
  };
}

/** `opsbot console user add NAME --role R --password-stdin`, the password piped in. */
export function addUser(cwd: string, name: string, role: string): Promise<CliResult> {
  // The CLI reads opsbot.yaml, so it needs the secrets it references.
  return runCli(
    cwd,
    ['console', 'user', 'add', name, '--role', role, '--password-stdin'],
    {
      REPORT_API_KEY: SECRETS.appKey,
    },
    PASSWORD,
  );
}

/** Signs in like the login page (JSON, same Origin) and calls with the cookie and CSRF token. */
export async function apiClient(url: string, name: string, password = PASSWORD): Promise<ApiClient> {
  const login = await fetch(`${url}/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ name, password }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  const { csrf } = (await login.json()) as { csrf: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async (method, apiPath, body) => {
    const res = await fetch(`${url}${apiPath}`, {
      method,
      headers: {
        cookie,
        origin: url,
        'x-csrf-token': csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}
