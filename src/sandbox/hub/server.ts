import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen, mediaType, readBody, sendJson } from '../http-server.ts';
import { hubPage } from './page.ts';
import { HUB_SCRIPT } from './script.ts';
import { type HubControls, HubInputError } from './types.ts';

/**
 * The sandbox hub: one page (Korean and English, no CDN) linking every emulator's own page and
 * driving what the built-in apps react to, over a small JSON API under /api/. It has no login, so
 * it binds loopback by default; writes take JSON only, which a cross-site form cannot send without
 * a preflight this server never answers.
 */

export interface Hub {
  url: string;
  close(): Promise<void>;
}

const CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

type Body = Record<string, unknown>;

function text(body: Body, key: string, max = 200): string {
  const value = body[key];
  if (typeof value !== 'string' || value.trim() === '') throw new HubInputError(`${key} is required`);
  if (value.length > max) throw new HubInputError(`${key} is longer than ${max} characters`);
  return value.trim();
}

async function readJson(req: IncomingMessage): Promise<Body> {
  if (mediaType(req) !== 'application/json') throw new HubInputError('send application/json');
  let value: unknown;
  try {
    value = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
  } catch {
    throw new HubInputError('the body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HubInputError('the body must be a JSON object');
  }
  return value as Body;
}

function kakaoCsv(c: HubControls): string | null {
  const file = c.kakaoFile();
  if (!file) return null;
  const cell = (v: unknown) => {
    const s = String(v ?? '');
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const rows = [
    ['id', ...file.fields],
    ...file.users.map((u) => [u.id, ...file.fields.map((f) => u.values[f])]),
  ];
  return `\ufeff${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

async function post(c: HubControls, path: string, body: Body): Promise<unknown> {
  switch (path) {
    case '/api/switch/port': {
      const up = body['up'];
      if (typeof up !== 'boolean') throw new HubInputError('up must be true or false');
      c.setPort(text(body, 'device'), text(body, 'port'), up);
      return { ok: true };
    }
    case '/api/switch/reboot':
      c.reboot(text(body, 'device'));
      return { ok: true };
    case '/api/notices': {
      const attachment = typeof body['attachment'] === 'string' ? body['attachment'].trim() : '';
      if (attachment && !/^[\w.() -]{1,100}$/.test(attachment)) {
        throw new HubInputError('attachment must be a plain file name');
      }
      return c.postNotice({ title: text(body, 'title'), ...(attachment ? { attachment } : {}) });
    }
    case '/api/fep': {
      const type = text(body, 'type', 4);
      if (!/^\d+$/.test(type))
        throw new HubInputError('type must be a frame type number (1 market, 2 system)');
      const message = text(body, 'text', 1000);
      if (message.includes('\u0001')) throw new HubInputError('text must not contain SOH');
      await c.sendFep({ type, text: message });
      return { ok: true };
    }
    case '/api/holidays': {
      const date = text(body, 'date', 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        throw new HubInputError('date must be YYYY-MM-DD');
      }
      c.addHoliday({ date, name: text(body, 'name', 100) });
      return { ok: true };
    }
    default:
      return undefined;
  }
}

function get(c: HubControls, path: string, res: ServerResponse): boolean {
  if (path === '/' || path === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
    res.end(hubPage(c.links, c.fepAddress, c.hrLogin));
  } else if (path === '/hub.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    res.end(HUB_SCRIPT);
  } else if (path === '/api/state') {
    sendJson(res, 200, {
      switches: c.switches(),
      notices: c.notices(),
      kakao: c.kakaoFile(),
      holidays: c.holidays(),
      hr: c.hrRecords(),
    });
  } else if (path === '/api/posted') {
    sendJson(res, 200, { posted: c.posted() });
  } else if (path === '/api/kakao.csv') {
    const csv = kakaoCsv(c);
    if (csv === null) sendJson(res, 404, { error: 'no customer file yet: run contact-sync first' });
    else {
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="kakao-customers.csv"',
      });
      res.end(csv);
    }
  } else return false;
  return true;
}

async function handle(c: HubControls, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://hub').pathname;
  try {
    if (req.method === 'GET' && get(c, path, res)) return;
    if (req.method === 'POST') {
      const body = await readJson(req);
      const answer = await post(c, path, body);
      if (answer !== undefined) return sendJson(res, 200, answer);
    }
    sendJson(res, 404, { error: `no ${req.method} ${path}` });
  } catch (err) {
    const input = err instanceof HubInputError;
    sendJson(res, input ? 400 : 500, { error: err instanceof Error ? err.message : String(err) });
  }
}

export async function startHub(options: { host: string; port: number; controls: HubControls }): Promise<Hub> {
  const server = createServer((req, res) => void handle(options.controls, req, res));
  const url = await listen(server, options.host, options.port);
  return { url, close: () => closeServer(server) };
}
