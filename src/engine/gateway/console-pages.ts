import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { closedPage } from './console-closed.ts';
import type { GatewayOptions } from './types.ts';

const PUBLIC_DIR = fileURLToPath(new URL('./console/public/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// Scripts and styles come only from this origin; the API and its event stream too. Message
// previews are text, never markup, and nothing may frame the console (clickjacking).
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Every file under public/, read once. A request can only name one of these keys, so no path
 * (`..`, encoded slashes, absolute paths) can reach a file outside the folder.
 */
export function loadConsoleAssets(dir = PUBLIC_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const type = CONTENT_TYPES[extname(file)];
    if (!type) continue;
    const body = readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    assets.set(relative(dir, file).split(sep).join('/'), { body, type, etag });
  }
  return assets;
}

/**
 * GET /console and /console/* (the page shell; the pages route in the browser) and
 * /console/assets/* (scripts, styles, texts). The login, logout and session endpoints are
 * consoleAuth's. The shell is served to anyone the gate lets through (it shows a login form when
 * GET /console/session answers 401); the data itself is behind /api/v1.
 */
export function registerConsolePages(
  app: FastifyInstance,
  options: Pick<GatewayOptions, 'consoleAuth'>,
): void {
  const assets = loadConsoleAssets();
  const shell = assets.get('index.html');
  if (!shell) throw new Error(`console shell missing: ${PUBLIC_DIR}index.html`);

  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = await options.consoleAuth?.authenticate(req);
    if (auth && !auth.ok && (auth.status === 403 || auth.status === 503)) {
      return reply
        .code(auth.status)
        .headers(SECURITY_HEADERS)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(closedPage(auth.status));
    }
    return sendAsset(req, reply, shell, 'no-cache');
  };
  app.get('/console', page);
  app.get('/console/*', page);

  app.get<{ Params: { '*': string } }>('/console/assets/*', async (req, reply) => {
    const asset = assets.get(req.params['*']);
    if (!asset) return reply.code(404).headers(SECURITY_HEADERS).send({ error: 'not found' });
    // Revalidated on each load (cheap: 304), so a daemon upgrade never runs a stale mix of modules.
    return sendAsset(req, reply, asset, 'no-cache');
  });
}

function sendAsset(req: FastifyRequest, reply: FastifyReply, asset: Asset, cache: string) {
  reply.headers(SECURITY_HEADERS).header('etag', asset.etag).header('cache-control', cache);
  if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  return reply.type(asset.type).send(asset.body);
}
