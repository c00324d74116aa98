import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedMail } from './types.ts';

/**
 * The sink's mailbox as two small pages: `/` lists the mails (newest first), `/mail/<n>` shows one
 * (headers, text, the HTML in a sandboxed frame, attachments with their sizes, each downloadable
 * at `/mail/<n>/attachment/<i>`). Loopback clients only: the mails may hold what apps report.
 */

const esc = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const STYLE =
  'body{font-family:sans-serif;margin:24px;color:#111827}table{border-collapse:collapse}' +
  'td,th{padding:4px 10px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}' +
  'pre{white-space:pre-wrap;background:#f9fafb;padding:12px}iframe{width:100%;height:420px;border:1px solid #e5e7eb}';

// No scripts anywhere; the mail's own HTML is shown in a frame that may not run any either.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'";

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function listPage(messages: ReceivedMail[], url: string): string {
  const rows = messages
    .map((m, i) => ({ m, i }))
    .reverse()
    .map(
      ({ m, i }) =>
        `<tr><td>${esc(m.receivedAt)}</td><td>${esc(m.from)}</td><td>${esc(m.envelope.to.join(', '))}</td>` +
        `<td><a href="/mail/${i}">${esc(m.subject || '(no subject)')}</a></td><td>${m.attachments.length}</td></tr>`,
    );
  return page(
    'Sandbox mailbox',
    `<h1>Sandbox mailbox</h1><p>SMTP at ${esc(url)} · ${messages.length} mail(s)</p>` +
      `<table class="mails"><tr><th>received</th><th>from</th><th>to</th><th>subject</th><th>files</th></tr>${rows.join('')}</table>`,
  );
}

function mailPage(mail: ReceivedMail, index: number): string {
  const head = [
    ['from', mail.from],
    ['to', mail.to.join(', ')],
    ['cc', mail.cc.join(', ')],
    ['envelope', `${mail.envelope.from} → ${mail.envelope.to.join(', ')}`],
    [
      'session',
      `${mail.secure ? 'TLS' : 'plain text'}${mail.user ? `, AUTH ${mail.authMethod} as ${mail.user}` : ''}`,
    ],
  ]
    .filter(([, value]) => value)
    .map(([name, value]) => `<tr><th>${esc(name ?? '')}</th><td>${esc(value ?? '')}</td></tr>`);
  const files = mail.attachments.map(
    (a, i) =>
      `<li class="attachment"><a href="/mail/${index}/attachment/${i}">${esc(a.filename ?? `attachment ${i + 1}`)}</a> ` +
      `(${esc(a.contentType)}, ${a.bytes.length} bytes)</li>`,
  );
  return page(
    mail.subject,
    `<p><a href="/">← mailbox</a></p><h1>${esc(mail.subject || '(no subject)')}</h1><table>${head.join('')}</table>` +
      (files.length ? `<h2>Attachments</h2><ul>${files.join('')}</ul>` : '') +
      (mail.text ? `<h2>Text</h2><pre>${esc(mail.text)}</pre>` : '') +
      (mail.html ? `<h2>HTML</h2><iframe sandbox srcdoc="${esc(mail.html)}"></iframe>` : ''),
  );
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
  res.end(html);
}

const isLoopback = (address: string | undefined) =>
  address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true;

export async function startMailPage(opts: {
  host: string;
  port: number;
  url: string;
  messages: () => ReceivedMail[];
}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (!isLoopback(req.socket.remoteAddress))
      return send(res, 403, page('Forbidden', '<p>loopback only</p>'));
    const path = new URL(req.url ?? '/', 'http://sink').pathname;
    const messages = opts.messages();
    if (path === '/') return send(res, 200, listPage(messages, opts.url));
    const match = /^\/mail\/(\d+)(?:\/attachment\/(\d+))?$/.exec(path);
    const mail = match ? messages[Number(match[1])] : undefined;
    if (!match || !mail) return send(res, 404, page('Not found', '<p>no such mail</p>'));
    if (match[2] === undefined) return send(res, 200, mailPage(mail, Number(match[1])));
    const file = mail.attachments[Number(match[2])];
    if (!file) return send(res, 404, page('Not found', '<p>no such attachment</p>'));
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename ?? 'attachment')}`,
    });
    res.end(file.bytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
