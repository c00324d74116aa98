/**
 * A notice site for tests and the sandbox: the same notices as an HTML list, an OCC-like info-memo
 * table, an RSS 2.0 feed, an Atom feed and a JSON API. Items change on command; every page sends an
 * ETag and Last-Modified and answers 304 to a matching conditional request; `fail()` makes the next
 * requests fail with a status.
 *
 *   /notices              HTML list (relative links and attachments)
 *   /notices/<id>         one notice (HTML)
 *   /infomemo/search      OCC-like table: number, post date, effective date, title
 *   /infomemos?number=<n> one memo
 *   /feed.rss /feed.atom  feeds
 *   /api/notices          JSON { data: { notices: [...] } }
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface SiteNotice {
  id: string;
  title: string;
  /** Posted date as the page shows it (YYYY-MM-DD; the OCC page shows MM/DD/YYYY). */
  date?: string;
  effectiveDate?: string;
  /** Attachment file names, served under /files/. */
  attachments?: string[];
}

export interface SiteRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  status: number;
}

export interface NoticeSite {
  url: string;
  /** Adds (or replaces) a notice; it is listed first, like the newest notice. */
  add(item: SiteNotice): void;
  remove(id: string): boolean;
  /** The next `times` requests answer `status` (default 503 once). */
  fail(status?: number, times?: number): void;
  requests: SiteRequest[];
  close(): Promise<void>;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const usDate = (d?: string) =>
  d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d.slice(5, 7)}/${d.slice(8)}/${d.slice(0, 4)}` : (d ?? '');

function htmlList(items: SiteNotice[]): string {
  const rows = items.map(
    (n) => `
    <li class="notice" data-id="${esc(n.id)}">
      <a class="title" href="notices/${encodeURIComponent(n.id)}">${esc(n.title)}</a>
      <span class="date">${esc(n.date ?? '')}</span>
      <span class="effective">${esc(n.effectiveDate ?? '')}</span>
      ${(n.attachments ?? []).map((f) => `<a class="attachment" href="/files/${encodeURIComponent(f)}">${esc(f)}</a>`).join('\n      ')}
    </li>`,
  );
  return `<!doctype html><html><head><title>Notices</title></head><body>
  <h1>Notices</h1>
  <ul class="notices">${rows.join('')}
  </ul></body></html>`;
}

function occPage(items: SiteNotice[]): string {
  const rows = items.map(
    (n) => `
      <tr>
        <td class="memo-number"><a href="/infomemos?number=${encodeURIComponent(n.id)}">${esc(n.id)}</a></td>
        <td class="post-date">${esc(usDate(n.date))}</td>
        <td class="effective-date">${esc(usDate(n.effectiveDate))}</td>
        <td class="subject"><a href="/infomemos?number=${encodeURIComponent(n.id)}">${esc(n.title)}</a></td>
      </tr>`,
  );
  return `<!doctype html><html><head><title>Information Memo Search</title></head><body>
  <form id="search"><input id="startpostdate"><input id="endpostdate"></form>
  <table class="table" id="infomemo-results">
    <thead><tr><th>Number</th><th>Post Date</th><th>Effective Date</th><th>Subject</th></tr></thead>
    <tbody>${rows.join('')}
    </tbody>
  </table></body></html>`;
}

function rss(base: string, items: SiteNotice[]): string {
  const entries = items.map(
    (n) => `
    <item>
      <title><![CDATA[${n.title}]]></title>
      <link>${base}/notices/${encodeURIComponent(n.id)}</link>
      <guid isPermaLink="false">${esc(n.id)}</guid>
      ${n.date ? `<pubDate>${new Date(`${n.date}T00:00:00Z`).toUTCString()}</pubDate>` : ''}
      ${(n.attachments ?? []).map((f) => `<enclosure url="${base}/files/${encodeURIComponent(f)}" type="application/pdf" length="1"/>`).join('')}
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Notices</title><link>${base}/notices</link><description>test</description>${entries.join('')}
</channel></rss>`;
}

function atom(base: string, items: SiteNotice[], updated: string): string {
  const entries = items.map(
    (n) => `
  <entry>
    <id>urn:notice:${esc(n.id)}</id>
    <title type="text">${esc(n.title)}</title>
    <link rel="alternate" href="/notices/${encodeURIComponent(n.id)}"/>
    ${(n.attachments ?? []).map((f) => `<link rel="enclosure" href="/files/${encodeURIComponent(f)}" title="${esc(f)}"/>`).join('')}
    <updated>${n.date ? `${n.date}T00:00:00Z` : updated}</updated>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${base}/">
  <title>Notices</title><id>urn:notices</id><updated>${updated}</updated>${entries.join('')}
</feed>`;
}

function json(items: SiteNotice[]): string {
  return JSON.stringify({
    data: {
      notices: items.map((n) => ({
        noticeId: n.id,
        subject: n.title,
        dates: { posted: n.date ?? null, effective: n.effectiveDate ?? null },
        url: `/notices/${encodeURIComponent(n.id)}`,
      })),
    },
  });
}

export async function startNoticeSite(
  options: { port?: number; items?: SiteNotice[] } = {},
): Promise<NoticeSite> {
  let items: SiteNotice[] = [...(options.items ?? [])];
  // Whole seconds: Last-Modified has no finer resolution.
  let modified = Math.floor(Date.now() / 1000) * 1000;
  let failures: { status: number; left: number } = { status: 503, left: 0 };
  const requests: SiteRequest[] = [];
  let base = '';
  const touch = () => {
    modified = Math.max(modified + 1000, Math.floor(Date.now() / 1000) * 1000);
  };

  const send = (req: IncomingMessage, res: ServerResponse, type: string, body: string, log: SiteRequest) => {
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = new Date(modified).toUTCString();
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const fresh =
      inm !== undefined
        ? inm.split(',').some((t) => t.trim() === etag)
        : ims !== undefined && Date.parse(ims) >= modified;
    log.status = fresh ? 304 : 200;
    res.writeHead(log.status, {
      etag,
      'last-modified': lastModified,
      ...(fresh ? {} : { 'content-type': type }),
    });
    res.end(fresh ? undefined : body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const log: SiteRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers,
      status: 0,
    };
    requests.push(log);
    if (failures.left > 0) {
      failures.left--;
      log.status = failures.status;
      res.writeHead(failures.status, { 'content-type': 'text/plain' });
      res.end('emulated failure');
      return;
    }
    const one = (id: string | null) => items.find((n) => n.id === id);
    const p = url.pathname;
    if (p === '/notices' || p === '/')
      return send(req, res, 'text/html; charset=utf-8', htmlList(items), log);
    if (p === '/infomemo/search') return send(req, res, 'text/html; charset=utf-8', occPage(items), log);
    if (p === '/feed.rss') return send(req, res, 'application/rss+xml', rss(base, items), log);
    if (p === '/feed.atom') {
      return send(req, res, 'application/atom+xml', atom(base, items, new Date(modified).toISOString()), log);
    }
    if (p === '/api/notices') return send(req, res, 'application/json', json(items), log);
    const n = p.startsWith('/notices/')
      ? one(decodeURIComponent(p.slice('/notices/'.length)))
      : p === '/infomemos'
        ? one(url.searchParams.get('number'))
        : undefined;
    if (n) return send(req, res, 'text/html; charset=utf-8', `<h1>${esc(n.title)}</h1>`, log);
    if (p.startsWith('/files/')) return send(req, res, 'application/pdf', '%PDF-1.4 test', log);
    log.status = 404;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('notice site did not bind a TCP port');
  base = `http://127.0.0.1:${address.port}`;

  return {
    url: base,
    add(item) {
      items = [item, ...items.filter((n) => n.id !== item.id)];
      touch();
    },
    remove(id) {
      const before = items.length;
      items = items.filter((n) => n.id !== id);
      if (items.length !== before) touch();
      return items.length !== before;
    },
    fail(status = 503, times = 1) {
      failures = { status, left: times };
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
