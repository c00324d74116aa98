import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sandboxSecret, verifySandboxSignature } from '../../connectors/sandbox/index.ts';
import type { GatewayOptions } from './types.ts';

/** The per-daemon token the sandbox page sends (the page reads it from its own URL, ?token=…). */
export const SANDBOX_TOKEN_HEADER = 'x-opsbot-sandbox-token';
const SIGNATURE_HEADER = 'x-opsbot-signature';

/**
 * Guards /sandbox/api/*: once a sandbox connection has a `secret`, every call (send, messages,
 * stream, state, forms) needs either the daemon's sandbox token (header, or `?token=` where a
 * browser cannot set headers: EventSource) or `x-opsbot-signature: sha256=<HMAC>` made with that
 * secret over the raw body — for a GET, over the request target (`/sandbox/api/messages?…`).
 * Without any secret the sandbox stays open, as it is meant for trying opsbot on loopback.
 */
export function sandboxApiGuard(options: GatewayOptions) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // The matched route as well as the URL: the router decodes the path, so /%73andbox/api/… lands
    // on the same route; the URL covers what matches no route (refused before the 404).
    const route = req.routeOptions.url ?? '';
    if (!route.startsWith('/sandbox/api/') && !req.url.startsWith('/sandbox/api/')) return;
    const secrets = [...options.connectors.values()]
      .filter((c) => c.type === 'sandbox')
      .map((c) => sandboxSecret(options.store, c.name))
      .filter((s): s is string => Boolean(s));
    if (secrets.length === 0) return;
    if (tokenMatches(options.sandboxToken, req)) return;
    const signed = req.method === 'GET' || req.method === 'HEAD' ? req.url : bodyOf(req);
    if (secrets.some((secret) => verifySandboxSignature(secret, req.headers[SIGNATURE_HEADER], signed)))
      return;
    return reply.code(401).send({
      error:
        'the sandbox API needs the sandbox token that opsbot start prints, or a signature made with the connection secret',
    });
  };
}

function tokenMatches(expected: string | undefined, req: FastifyRequest): boolean {
  if (!expected) return false;
  const header = req.headers[SANDBOX_TOKEN_HEADER];
  const query = (req.query as Record<string, unknown> | undefined)?.['token'];
  const given = typeof header === 'string' ? header : typeof query === 'string' ? query : '';
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bodyOf(req: FastifyRequest): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/**
 * The page's side: it reads the token from its own URL (the link `opsbot start` prints) and sends it
 * on every API call. Injected into the page's head, before the scripts that use it.
 */
const TOKEN_SCRIPT = `<script>
'use strict';
const SANDBOX_TOKEN = new URLSearchParams(location.search).get('token') || '';
function withToken(init) {
  const headers = { ...(init?.headers || {}) };
  if (SANDBOX_TOKEN) headers['${SANDBOX_TOKEN_HEADER}'] = SANDBOX_TOKEN;
  return { ...(init || {}), headers };
}
// EventSource cannot send headers: the token goes in the query.
function streamUrl() {
  return '/sandbox/api/stream' + (SANDBOX_TOKEN ? '?token=' + encodeURIComponent(SANDBOX_TOKEN) : '');
}
</script>`;

/** The page with the token helpers (withToken, streamUrl) added to its head. */
export function withSandboxToken(page: string): string {
  return page.replace('</head>', `${TOKEN_SCRIPT}</head>`);
}
