/**
 * The Workflows HTTP trigger ("When a Teams webhook request is received"), shaped like its Logic
 * Apps URL: `POST /workflows/<id>/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=<sig>`.
 * It answers 202 with an empty body to any well-formed JSON, as the real trigger does, and only
 * then runs the "Post to a channel" template over it (envelope.ts).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkEnvelope } from './envelope.ts';
import type { FailedRun, PostedCard, TeamsFaultStatus } from './types.ts';

/**
 * Teams' message size limit, "about 28 KB" with all content (reference §3.3). The real trigger
 * takes far bigger bodies and the post fails inside the run; the sink answers 413 "Request Entity
 * Too Large" at the door as the reference describes, so senders see it.
 */
export const MAX_MESSAGE_BYTES = 28_000;
/** Past this the sink stops reading and drops the connection (a test posting megabytes by mistake). */
const HARD_CAP = 4 * 1024 * 1024;
export const INVOKE = /^\/workflows\/([^/]+)\/triggers\/manual\/paths\/invoke$/;

export interface TriggerState {
  /** workflow id → its signature. */
  workflows: Map<string, string>;
  cards: PostedCard[];
  failedRuns: FailedRun[];
  faults: { status: TeamsFaultStatus; retryAfterSeconds: number | undefined }[];
  requests: number;
}

/** Logic Apps' error envelope. */
function sendError(res: ServerResponse, status: number, code: string, message: string, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ error: { code, message } }));
}

export function newSignature(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Unknown workflow 404, no api-version 400, unsigned 401 `DirectApiAuthorizationRequired`, a wrong
 * signature (or `sp`/`sv`, which it covers) 401 `DirectApiInvalidAuthorizationSignature` — the codes
 * Logic Apps uses for its SAS-signed trigger URLs, chosen here from memory: the references do not
 * quote them.
 */
function refuse(state: TriggerState, workflow: string, url: URL, res: ServerResponse): boolean {
  const expected = state.workflows.get(workflow);
  const q = url.searchParams;
  if (expected === undefined) {
    sendError(res, 404, 'WorkflowNotFound', `The workflow '${workflow}' could not be found.`);
  } else if (!q.get('api-version')) {
    const message = 'The api-version query parameter (?api-version=) is required for all requests.';
    sendError(res, 400, 'MissingApiVersionParameter', message);
  } else if (!q.get('sig')) {
    sendError(
      res,
      401,
      'DirectApiAuthorizationRequired',
      'The request must be authenticated only by Shared Access scheme.',
    );
  } else if (q.get('sig') !== expected || q.get('sp') !== '/triggers/manual/run' || q.get('sv') !== '1.0') {
    sendError(
      res,
      401,
      'DirectApiInvalidAuthorizationSignature',
      'The provided authorization signature is not valid.',
    );
  } else return false;
  return true;
}

const FAULTS: Record<TeamsFaultStatus, [string, string]> = {
  429: [
    'WorkflowRequestsThrottled',
    'The workflow is receiving too many requests; retry after the given delay.',
  ],
  500: ['InternalServerError', 'The server encountered an internal error.'],
  502: ['BadGateway', 'The gateway received an invalid response.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable.'],
};

/** The body, or 'too-large' once past `limit` (the rest is read and dropped so the answer still reaches the client). */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > HARD_CAP) break;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? 'too-large' : Buffer.concat(chunks);
}

export async function handleTrigger(
  state: TriggerState,
  workflow: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  state.requests += 1;
  if (req.method !== 'POST') {
    sendError(res, 405, 'MethodNotAllowed', `The trigger accepts POST, not ${req.method}.`);
    return;
  }
  if (refuse(state, workflow, url, res)) return;
  const fault = state.faults.shift();
  if (fault) {
    const headers =
      fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
    const [code, message] = FAULTS[fault.status];
    sendError(res, fault.status, code, message, headers);
    return;
  }
  const raw = await readLimited(req, MAX_MESSAGE_BYTES);
  if (raw === 'too-large') {
    sendError(
      res,
      413,
      'RequestEntityTooLarge',
      `Request Entity Too Large: the message is over ${MAX_MESSAGE_BYTES} bytes.`,
      {
        connection: 'close',
      },
    );
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    sendError(res, 400, 'InvalidRequestContent', 'The request content is not valid JSON.');
    return;
  }
  res.writeHead(202, {
    'x-ms-workflow-run-id': randomBytes(16).toString('hex').toUpperCase(),
    'content-length': '0',
  });
  res.end();
  runFlow(state, workflow, body);
}

function runFlow(state: TriggerState, workflow: string, body: unknown): void {
  const at = Date.now();
  for (const outcome of checkEnvelope(body)) {
    if ('card' in outcome) state.cards.push({ workflow, at, card: outcome.card, envelope: body });
    else state.failedRuns.push({ workflow, at, reason: outcome.reason, body });
  }
}
