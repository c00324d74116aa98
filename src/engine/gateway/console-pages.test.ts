import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, loadConsoleAssets } from './console-pages.ts';
import { type Harness, rawRequest, startHarness } from './test-harness.ts';
import type { AuthResult, ConsoleAuth } from './types.ts';

/** A real ConsoleAuth whose answer the test sets: the gate's outcomes, without logins. */
let answer: AuthResult = { ok: true, actor: { name: 'kim', role: 'viewer', via: 'console' } };
const consoleAuth: ConsoleAuth = { register() {}, authenticate: async () => answer };

/** The browser's text modules, loaded as Node loads any ES module. */
async function texts(lang: string): Promise<Record<string, string>> {
  const module = await import(new URL(`./console/public/i18n/${lang}.js`, import.meta.url).href);
  return module.default as Record<string, string>;
}

let h: Harness;
let en: Record<string, string>;
let ko: Record<string, string>;
beforeAll(async () => {
  // The pages are served with /api/v1 (both need an api); these tests never reach it.
  const api = async () => {
    throw new Error('the page tests call no daemon method');
  };
  h = await startHarness({ consoleAuth, api });
  en = await texts('en');
  ko = await texts('ko');
});
afterAll(() => h?.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(`${h.url}${path}`, { method: 'GET', headers });

describe('console pages', () => {
  it('serves the shell at /console and every page path, with a CSP that allows no inline script', async () => {
    for (const path of [
      '/console',
      '/console/',
      '/console/apps/market-alert',
      '/console/outbox?status=dead',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.body).toContain('<script type="module" src="/console/assets/app.js"></script>');
    }
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    // Every script tag in the shell loads a file: nothing inline for the CSP to have to allow.
    const shell = (await get('/console')).body;
    expect(shell.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/console/assets/app.js">']);
    expect(shell).not.toMatch(/ on[a-z]+=/);
  });

  it('serves the shell when signed out (401): the page shows its own login form', async () => {
    answer = { ok: false, status: 401, error: 'sign in' };
    const res = await get('/console/outbox');
    answer = { ok: true, actor: { name: 'kim', role: 'viewer', via: 'console' } };
    expect(res.status).toBe(200);
    expect(res.body).toContain('/console/assets/app.js');
  });

  it('answers 403 and 503 from the gate with a static page in both languages, no script', async () => {
    answer = { ok: false, status: 403, error: 'closed' };
    const closed = await get('/console');
    answer = { ok: false, status: 503, error: 'no console admin yet' };
    const noAdmin = await get('/console/apps/x');
    answer = { ok: true, actor: { name: 'kim', role: 'viewer', via: 'console' } };
    expect(closed.status).toBe(403);
    expect(closed.body).toContain('console: { public: true }');
    expect(closed.body).toContain('콘솔에 접근할 수 없습니다');
    expect(closed.body).not.toContain('<script');
    expect(closed.headers['cache-control']).toBe('no-store');
    expect(noAdmin.status).toBe(503);
    expect(noAdmin.body).toContain('opsbot console user add NAME --role admin');
    expect(noAdmin.body).toContain('아직 콘솔 관리자가 없습니다');
  });

  it('serves assets with their content type and an ETag, and 304 when unchanged', async () => {
    const js = await get('/console/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('no-cache');
    const etag = js.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect((await get('/console/assets/pages/outbox.js')).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await get('/console/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/console/assets/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    const again = await get('/console/assets/app.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const stale = await get('/console/assets/app.js', { 'if-none-match': '"old"' });
    expect(stale.status).toBe(200);
  });

  it('refuses paths out of the assets folder and unknown files with 404', async () => {
    for (const path of [
      '/console/assets/../../../../package.json',
      '/console/assets/..%2f..%2f..%2f..%2fpackage.json',
      '/console/assets/%2e%2e/%2e%2e/console-pages.ts',
      '/console/assets//etc/passwd',
      '/console/assets/nope.js',
      '/console/assets/',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('"name": "opsbot"');
      expect(res.body, path).not.toContain('root:');
    }
  });
});

describe('console texts', () => {
  it('has every key in both languages, none empty', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries({ ...en, ...ko })) expect(text.trim(), key).not.toBe('');
  });

  it('has a text for every literal key the pages use', () => {
    const sources = [...loadConsoleAssets().entries()]
      .filter(([name]) => name.endsWith('.js') && !name.startsWith('i18n/'))
      .map(([name, asset]) => [name, asset.body.toString('utf8')] as const);
    expect(sources.length).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const [name, text] of sources) {
      for (const match of text.matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)) {
        if (!(match[1]! in en)) missing.push(`${name}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps the shell free of inline script and style (the CSP would block them)', () => {
    const shell = readFileSync(new URL('./console/public/index.html', import.meta.url), 'utf8');
    expect(shell).not.toMatch(/<script>(?!<\/script>)/);
    expect(shell).not.toMatch(/<style|style="/);
  });
});
