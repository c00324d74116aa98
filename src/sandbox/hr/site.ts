/**
 * An emulator of the web-only HR system the attendance app drives with a browser (seed 001):
 *
 *   GET  /login                               login form (member ID, user ID, password)
 *   POST /login                               session cookie and a redirect to the month, or the form with `.error`
 *   GET  /<memberId>/tcard?month=YYYYMM       the month's days and what is stored
 *   GET  /<memberId>/tcard?date=YYYYMMDD      the day's form, existing times as `value` attributes
 *   POST /<memberId>/tcard?date=YYYYMMDD      stores start/end, the form again with `.saved`
 *
 * Like the real one it refuses days after today. It can be made slow, or fail a given day.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dayPage, type Entry, errorPage, loginPage, monthPage } from './pages.ts';
import { type DayFault, type HrAccount, HrState } from './state.ts';

export type { DayFault, Entry, HrAccount };

export interface HrSiteOptions {
  host?: string;
  port?: number;
  /** Default: one sandbox account, member M0001 / user mina / password sandbox-pass. */
  accounts?: HrAccount[];
  /** Today (YYYY-MM-DD) or a function giving it; later days are refused. Default: today in Asia/Seoul. */
  today?: string | (() => string);
}

/** The recipe (the attendance app's `site:` option) for this site, as plain data. */
export interface HrSiteRecipe {
  login: { url: string; memberId: string; userId: string; password: string; submit: string; failure: string };
  day: { url: string; start: string; end: string; submit: string; done: string; filled: string };
}

export interface HrSite {
  url: string;
  recipe: HrSiteRecipe;
  accounts: HrAccount[];
  /** What is stored for a member, by date. */
  entries(memberId: string): Entry[];
  /** Delays every response by `ms` (0 turns it off). */
  setSlow(ms: number): void;
  /** Makes one date fail for every member; `undefined` heals it. */
  failDay(date: string, how: DayFault | undefined): void;
  close(): Promise<void>;
}

export const SANDBOX_ACCOUNT: HrAccount = { memberId: 'M0001', userId: 'mina', password: 'sandbox-pass' };

const COOKIE = 'hr_session';
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const seoulToday = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { location, ...headers });
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 64_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function sessionId(req: IncomingMessage): string | undefined {
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
  return cookies.find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
}

/** YYYYMMDD → YYYY-MM-DD, or undefined when it is no real date. */
function isoDate(compact: string | null): string | undefined {
  if (!compact || !/^\d{8}$/.test(compact)) return undefined;
  const iso = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function monthDays(month: string): string[] {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(4));
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from(
    { length: count },
    (_, i) => `${month.slice(0, 4)}-${month.slice(4)}-${String(i + 1).padStart(2, '0')}`,
  );
}

class HrHandler {
  private readonly state: HrState;
  private readonly today: () => string;

  constructor(state: HrState, today: () => string) {
    this.state = state;
    this.today = today;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.state.slowMs > 0) await new Promise((r) => setTimeout(r, this.state.slowMs));
    const url = new URL(req.url ?? '/', 'http://hr.local');
    if (url.pathname === '/' || url.pathname === '/login') return this.login(req, res);
    const tcard = /^\/([^/]+)\/tcard$/.exec(url.pathname);
    if (!tcard) return send(res, 404, errorPage(404, '페이지를 찾을 수 없습니다.'));
    const memberId = decodeURIComponent(tcard[1] ?? '');
    // A page for another member, or no session: back to the login, like the real site.
    if (this.state.memberOf(sessionId(req)) !== memberId) return redirect(res, '/login');
    if (url.searchParams.has('date')) return this.day(req, res, memberId, url.searchParams.get('date'));
    const month = url.searchParams.get('month') ?? this.today().slice(0, 7).replace('-', '');
    if (!/^\d{4}(0[1-9]|1[0-2])$/.test(month)) return send(res, 400, errorPage(400, '잘못된 월입니다.'));
    send(res, 200, monthPage(memberId, month, monthDays(month), this.state.days(memberId)));
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return send(res, 200, loginPage());
    const form = await readForm(req);
    const memberId = form.get('memberId') ?? '';
    const userId = form.get('userId') ?? '';
    const id = this.state.login(memberId, userId, form.get('password') ?? '');
    if (!id) return send(res, 200, loginPage({ memberId, userId }));
    redirect(res, `/${encodeURIComponent(memberId)}/tcard`, {
      'set-cookie': `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`,
    });
  }

  private async day(req: IncomingMessage, res: ServerResponse, memberId: string, raw: string | null) {
    const date = isoDate(raw);
    if (!date) return send(res, 400, errorPage(400, '잘못된 날짜입니다.'));
    const fault = this.state.faults.get(date);
    if (fault === 'error') return send(res, 500, errorPage(500, '서버 오류가 발생했습니다.'));
    const days = this.state.days(memberId);
    const future = date > this.today();
    if (req.method !== 'POST')
      return send(res, 200, dayPage({ memberId, date, entry: days.get(date), future }));
    const form = await readForm(req);
    if (fault === 'hang') return; // the answer never comes; close() ends the socket
    const start = form.get('start') ?? '';
    const end = form.get('end') ?? '';
    const problem = future
      ? undefined
      : !TIME.test(start) || !TIME.test(end)
        ? '시간은 HH:MM 형식으로 입력하세요.'
        : end <= start
          ? '퇴근 시간은 출근 시간보다 늦어야 합니다.'
          : undefined;
    const stored = !future && !problem;
    if (stored) days.set(date, { date, start, end });
    const saved = stored && fault !== 'no-confirm';
    send(res, 200, dayPage({ memberId, date, entry: days.get(date), future, saved, problem }));
  }
}

export async function startHrSite(options: HrSiteOptions = {}): Promise<HrSite> {
  const accounts = options.accounts ?? [SANDBOX_ACCOUNT];
  const state = new HrState(accounts);
  const today =
    typeof options.today === 'function'
      ? options.today
      : () => (options.today as string | undefined) ?? seoulToday();
  const handler = new HrHandler(state, today);
  const server: Server = createServer((req, res) => {
    handler.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, errorPage(500, err instanceof Error ? err.message : String(err)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    recipe: recipeFor(url),
    accounts,
    entries: (memberId) => state.entries(memberId),
    setSlow: (ms) => {
      state.slowMs = ms;
    },
    failDay: (date, how) => {
      if (how) state.faults.set(date, how);
      else state.faults.delete(date);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function recipeFor(url: string): HrSiteRecipe {
  return {
    login: {
      url: `${url}/login`,
      memberId: '#memberID',
      userId: '#userID',
      password: '#password',
      submit: '.loginSubmit input',
      failure: '.error',
    },
    day: {
      url: `${url}/{memberId}/tcard?date={yyyymmdd}`,
      start: '.start-time',
      end: '.end-time',
      submit: '.save',
      done: '.saved',
      filled: '.start-time[value]:not([value=""])',
    },
  };
}
