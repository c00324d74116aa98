import { z } from 'zod';
import { actorSchema } from '../../../contracts/console.ts';
import { appStatus, type ControlMethod, clusterStatus } from '../../../contracts/daemon-api/index.ts';
import { OpsbotError } from '../../../platform/errors.ts';

/**
 * Every route of /api/v1: which daemon method it calls and how the request becomes the method's
 * arguments. Path parameters are named as the arguments they fill; query strings fill the keys
 * listed in `query` (numbers coerced); a JSON body fills the rest. The OpenAPI document is built
 * from this table and the methods' zod schemas, so the two cannot drift apart.
 */

export type QueryType = 'number' | 'string';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Fastify syntax (`/api/v1/apps/:app`). */
  path: string;
  summary: string;
  /** The daemon method; `me` is answered by the gateway itself. */
  call: ControlMethod | 'me';
  query?: Readonly<Record<string, QueryType>>;
  /** Takes a JSON object body. */
  body?: boolean;
  /** The path parameters are for `answer` only, not arguments of the method. */
  paramsForAnswer?: boolean;
  /** Arguments the route adds (defaults a body may override). */
  defaults?: Readonly<Record<string, unknown>>;
  /** Reshapes the method's answer; throws to refuse (an unknown app). */
  answer?: (result: unknown, params: Record<string, string>) => unknown;
  /** The 200 body's schema when it is not the method's result. */
  result?: z.ZodType;
}

type Status = { apps: Array<{ app: string }>; cluster?: unknown };

const appsResult = z.array(appStatus);

function oneApp(result: unknown, params: Record<string, string>): unknown {
  const app = (result as Status).apps.find((a) => a.app === params.app);
  if (app) return app;
  throw new OpsbotError('UNKNOWN_APP', `unknown app "${params.app}"`, { exitCode: 2 });
}

const runsQuery = { outcome: 'string', before: 'number', limit: 'number' } as const;
const timeQuery = {
  connection: 'string',
  app: 'string',
  since: 'number',
  until: 'number',
  limit: 'number',
} as const;

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/api/v1/me', call: 'me', summary: 'Who the caller is', result: actorSchema },
  { method: 'GET', path: '/api/v1/status', call: 'status', summary: 'Daemon and app status' },
  {
    method: 'GET',
    path: '/api/v1/overview',
    call: 'overview',
    summary: 'Health, outbox and tokens at a glance',
  },
  {
    method: 'GET',
    path: '/api/v1/apps',
    call: 'status',
    summary: 'Every app’s status (a bare array)',
    answer: (r) => (r as Status).apps,
    result: appsResult,
  },
  {
    method: 'GET',
    path: '/api/v1/apps/:app',
    call: 'status',
    summary: 'One app’s status',
    paramsForAnswer: true,
    answer: oneApp,
    result: appStatus,
  },
  {
    method: 'GET',
    path: '/api/v1/apps/:app/runs',
    call: 'runs.list',
    summary: 'Run history, newest first',
    query: runsQuery,
  },
  {
    method: 'GET',
    path: '/api/v1/apps/:app/logs',
    call: 'app.logs',
    summary: 'The app’s log lines, newest last',
    query: { lines: 'number', level: 'string', search: 'string' },
  },
  {
    method: 'GET',
    path: '/api/v1/apps/:app/schedule',
    call: 'app.schedule',
    summary: 'Next runs and skipped days',
    query: { count: 'number' },
  },
  {
    method: 'GET',
    path: '/api/v1/apps/:app/config',
    call: 'app.config',
    summary: 'The app’s config, secrets masked',
  },
  {
    method: 'POST',
    path: '/api/v1/apps/:app/run',
    call: 'app.run',
    summary: 'Run now; answers when the run ends',
    body: true,
  },
  { method: 'POST', path: '/api/v1/apps/:app/start', call: 'app.start', summary: 'Start the app' },
  {
    method: 'POST',
    path: '/api/v1/apps/:app/stop',
    call: 'app.stop',
    summary: 'Stop the app (pauses its schedule)',
  },
  { method: 'POST', path: '/api/v1/apps/:app/restart', call: 'app.restart', summary: 'Restart the app' },
  {
    method: 'POST',
    path: '/api/v1/apps/:app/actions/:action',
    call: 'app.do',
    summary: 'Run one of the app’s actions',
    body: true,
  },
  {
    method: 'GET',
    path: '/api/v1/outbox',
    call: 'outbox.list',
    summary: 'Outbound messages, newest first',
    query: { status: 'string', ...timeQuery },
  },
  {
    method: 'POST',
    path: '/api/v1/outbox/retry',
    call: 'outbox.retry',
    summary: 'Retry items (ids) or every dead one',
    body: true,
  },
  {
    method: 'POST',
    path: '/api/v1/outbox/purge',
    call: 'outbox.purge',
    summary: 'Delete delivered and/or dead items',
    body: true,
  },
  {
    method: 'GET',
    path: '/api/v1/inbox',
    call: 'inbox.list',
    summary: 'Inbound events, newest first',
    query: timeQuery,
  },
  {
    method: 'GET',
    path: '/api/v1/connections',
    call: 'connections.list',
    summary: 'Connections, capabilities, tokens',
  },
  {
    method: 'POST',
    path: '/api/v1/connections/:connection/test',
    call: 'connections.test',
    summary: 'Send a test message',
    body: true,
  },
  {
    method: 'POST',
    path: '/api/v1/connections/:connection/login',
    call: 'auth.url',
    summary: 'A login (consent) URL',
  },
  {
    method: 'POST',
    path: '/api/v1/connections/:connection/refresh',
    call: 'auth.refresh',
    summary: 'Refresh the tokens now',
  },
  { method: 'GET', path: '/api/v1/calendars', call: 'exchanges.list', summary: 'Exchanges with calendars' },
  {
    method: 'GET',
    path: '/api/v1/calendars/:exchange/:month',
    call: 'holiday.month',
    summary: 'A month of one calendar',
  },
  {
    method: 'POST',
    path: '/api/v1/calendars/:exchange/closures',
    call: 'holiday.add',
    summary: 'Add a curated closure (or open day, or session)',
    body: true,
    defaults: { kind: 'closed' },
  },
  {
    method: 'POST',
    path: '/api/v1/calendars/:exchange/closures/:date',
    call: 'holiday.update',
    summary: 'Change a curated entry',
    body: true,
  },
  {
    method: 'DELETE',
    path: '/api/v1/calendars/:exchange/closures/:date',
    call: 'holiday.remove',
    summary: 'Remove a curated entry',
  },
  {
    method: 'GET',
    path: '/api/v1/cluster',
    call: 'status',
    summary: 'Cluster nodes and leases (null outside cluster mode)',
    answer: (r) => ({ cluster: (r as Status).cluster ?? null }),
    result: z.object({ cluster: clusterStatus.nullable() }),
  },
  {
    method: 'GET',
    path: '/api/v1/audit',
    call: 'audit.list',
    summary: 'The audit log, newest first',
    query: { before: 'number', actor: 'string', action: 'string', limit: 'number' },
  },
  { method: 'GET', path: '/api/v1/users', call: 'users.list', summary: 'Console users' },
  { method: 'POST', path: '/api/v1/users', call: 'users.add', summary: 'Add a user', body: true },
  {
    method: 'POST',
    path: '/api/v1/users/:name',
    call: 'users.update',
    summary: 'Change a user’s role or password',
    body: true,
  },
  { method: 'DELETE', path: '/api/v1/users/:name', call: 'users.remove', summary: 'Remove a user' },
  {
    method: 'GET',
    path: '/api/v1/tokens',
    call: 'tokens.list',
    summary: 'API tokens',
    query: { user: 'string' },
  },
  {
    method: 'POST',
    path: '/api/v1/tokens',
    call: 'tokens.create',
    summary: 'Create an API token (shown once)',
    body: true,
  },
  { method: 'DELETE', path: '/api/v1/tokens/:id', call: 'tokens.revoke', summary: 'Revoke an API token' },
];

/** Routes the gateway serves outside the table: the event stream and this document. */
export const EVENTS_PATH = '/api/v1/events';
export const OPENAPI_PATH = '/api/v1/openapi.json';
