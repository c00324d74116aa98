/** `startNcpEmulator`: two node:http listeners standing in for ncloud.apigw.ntruss.com and cw.apigw.ntruss.com. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { closeServer, listen, mediaType, readBody } from '../http-server.ts';
import { type AccountState, accountHandle, createAccountState, type NextFault } from './account.ts';
import { handleAction, matchFault } from './actions.ts';
import { type Endpoint, findEndpoint } from './catalog.ts';
import { handleMonitoring, MONITORING_PATHS } from './monitoring.ts';
import { authFailed, gatewayError, legacyError, notFound, standardError } from './replies.ts';
import { checkSignature } from './signature.ts';
import type { NcpAccount, NcpEmulator, NcpEmulatorOptions, NcpRecordedCall, Reply } from './types.ts';

type Listener = NcpRecordedCall['listener'];

const MAX_BODY = 1024 * 1024;

/** Gateway codes for the injected 5xx answers (rows of the API Gateway table marked UNCONFIRMED there). */
const SERVER_ERRORS: Record<number, [string, string]> = {
  500: ['900', 'Unexpected Error'],
  502: ['900', 'Bad Gateway'],
  503: ['500', 'Service Unavailable'],
  504: ['510', 'Endpoint Timeout'],
};

export async function startNcpEmulator(options: NcpEmulatorOptions = {}): Promise<NcpEmulator> {
  const now = options.now ?? Date.now;
  const latencyMs = options.latencyMs ?? 0;
  const states = new Map<string, AccountState>();
  const handles = new Map<string, NcpAccount>();
  const calls: NcpRecordedCall[] = [];
  let lastNo = 20_000_000;
  const nextNo = () => String(++lastNo);

  const serve = (listener: Listener) => async (req: IncomingMessage, res: ServerResponse) => {
    const rawUri = req.url ?? '/';
    const q = rawUri.indexOf('?');
    const path = q < 0 ? rawUri : rawUri.slice(0, q);
    const query = q < 0 ? '' : rawUri.slice(q + 1);
    const body = await readBody(req, MAX_BODY).catch(() => undefined);
    const reply =
      body === undefined
        ? gatewayError(413, '430', 'Request Entity Too Large')
        : answer(listener, req, { rawUri, path, query, body }, states, now);
    const accessKey = req.headers['x-ncp-iam-access-key'];
    calls.push({
      listener,
      accessKey: typeof accessKey === 'string' ? accessKey : '',
      method: req.method ?? 'GET',
      path,
      query,
      status: reply.status,
      at: now(),
    });
    if (latencyMs > 0) await delay(latencyMs);
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  };

  const api = createServer(guard(serve('api')));
  const monitoring = createServer(guard(serve('monitoring')));
  const host = options.host ?? '127.0.0.1';
  const apiUrl = await listen(api, host, options.port ?? 0);
  const monitoringUrl = await listen(monitoring, host, options.monitoringPort ?? 0).catch(async (err) => {
    await closeServer(api);
    throw err;
  });

  return {
    apiUrl,
    monitoringUrl,
    calls,
    addAccount(spec) {
      if (states.has(spec.accessKey))
        throw new Error(`NCP emulator: account ${spec.accessKey} already exists`);
      const state = createAccountState(spec);
      const handle = accountHandle(state, nextNo);
      states.set(spec.accessKey, state);
      handles.set(spec.accessKey, handle);
      return handle;
    },
    account: (accessKey) => handles.get(accessKey),
    async close() {
      await Promise.all([closeServer(api), closeServer(monitoring)]);
    },
  };
}

function guard(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handler(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      const reply = gatewayError(500, '900', 'Unexpected Error', String(err));
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    });
  };
}

interface Received {
  rawUri: string;
  path: string;
  query: string;
  body: Buffer;
}

/** Route, then signature, then the account's injected faults, then the API itself (the gateway's order). */
function answer(
  listener: Listener,
  req: IncomingMessage,
  received: Received,
  states: Map<string, AccountState>,
  now: () => number,
): Reply {
  const method = req.method ?? 'GET';
  const endpoint = listener === 'api' ? findEndpoint(received.path) : undefined;
  const known = listener === 'api' ? endpoint !== undefined : MONITORING_PATHS.has(received.path);
  const allowed = listener === 'api' ? method === 'GET' || method === 'POST' : method === 'POST';
  if (!known || !allowed) return notFound(received.path);
  const auth = checkSignature(
    method,
    received.rawUri,
    req.headers,
    (key) => states.get(key)?.secretKey,
    now(),
  );
  if (!auth.ok) return authFailed(auth.details);
  const state = states.get(auth.accessKey)!;
  const fault = takeNextFault(state);
  if (fault !== undefined) return fault;
  return listener === 'monitoring'
    ? answerMonitoring(state, req, received)
    : answerAction(state, req, received, endpoint!);
}

function answerMonitoring(state: AccountState, req: IncomingMessage, received: Received): Reply {
  const injected = matchFault(state.pathFaults, received.path, new URLSearchParams(received.query));
  if (injected !== undefined) {
    const { returnCode, returnMessage, status } = injected.error;
    return legacyError(returnCode, returnMessage, status ?? 400, true);
  }
  if (mediaType(req) !== 'application/json')
    return standardError('BadRequest', 'Content-Type must be application/json');
  return handleMonitoring(state, received.path, received.body);
}

/** Query and form body merged, as NCP accepts the parameters either way. */
function answerAction(
  state: AccountState,
  req: IncomingMessage,
  received: Received,
  endpoint: Endpoint,
): Reply {
  const params = new URLSearchParams(received.query);
  if (received.body.length > 0) {
    // The Go SDK POSTs the parameters as a form body; anything else is not something NCP parses.
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      return standardError('BadRequest', 'Body must be application/x-www-form-urlencoded');
    }
    for (const [k, v] of new URLSearchParams(received.body.toString('utf8'))) params.append(k, v);
  }
  return handleAction(state, endpoint, params);
}

function takeNextFault(state: AccountState): Reply | undefined {
  const fault: NextFault | undefined = state.nextFault;
  if (fault === undefined || fault.remaining <= 0) return undefined;
  fault.remaining -= 1;
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  if (fault.status === 429) {
    return gatewayError(429, '400', 'Quota Exceeded', 'Too many requests for this access key', headers);
  }
  const [code, message] = SERVER_ERRORS[fault.status]!;
  return gatewayError(fault.status, code, message, undefined, headers);
}
