import type { PortableMessage, Severity } from '../../contracts/message.ts';

/** A portable message as mail: one subject line, a plain text part and an HTML part. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const SUBJECT_MAX = 120;

/** Subject prefixes, in the team's language: a mail list is scanned by its subjects. */
const SUBJECT_PREFIX: Partial<Record<Severity, string>> = {
  warning: '[경고]',
  error: '[오류]',
  critical: '[긴급]',
};

const SEVERITY_COLOURS: Record<Severity, string> = {
  info: '#2563EB',
  success: '#16A34A',
  warning: '#D97706',
  error: '#DC2626',
  critical: '#7F1D1D',
};

export function renderMail(message: PortableMessage): RenderedMail {
  return { subject: subjectOf(message), text: textOf(message), html: htmlOf(message) };
}

/** The title, else the text's first line; cut visibly at 120 characters, prefixed by severity. */
export function subjectOf(message: PortableMessage): string {
  const title = message.title?.trim() || message.text.trim().split(/\r?\n/, 1)[0]?.trim() || '(제목 없음)';
  const oneLine = title.replace(/\s+/g, ' ');
  const cut = oneLine.length > SUBJECT_MAX ? `${oneLine.slice(0, SUBJECT_MAX - 1)}…` : oneLine;
  const prefix = message.severity ? SUBJECT_PREFIX[message.severity] : undefined;
  return prefix ? `${prefix} ${cut}` : cut;
}

function textOf(message: PortableMessage): string {
  const parts: string[] = [];
  if (message.title) parts.push(message.title);
  if (message.text) parts.push(message.text);
  if (message.fields?.length) parts.push(message.fields.map((f) => `${f.name}: ${f.value}`).join('\n'));
  if (message.links?.length) parts.push(message.links.map((l) => `${l.label}: ${l.url}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Escaped, with line breaks kept (mail clients ignore CSS white-space often enough). */
const multiline = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

/** Mail clients strip <style> and classes, so every style is inline. */
function htmlOf(message: PortableMessage): string {
  const colour = SEVERITY_COLOURS[message.severity ?? 'info'];
  const body: string[] = [];
  if (message.title) {
    body.push(`<h2 style="margin:0 0 12px;font-size:18px;color:${colour}">${escapeHtml(message.title)}</h2>`);
  }
  if (message.text) body.push(`<p style="margin:0 0 12px;line-height:1.5">${multiline(message.text)}</p>`);
  if (message.fields?.length) body.push(fieldsTable(message.fields));
  if (message.links?.length) body.push(linksList(message.links));
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"></head>',
    '<body style="margin:0;padding:16px;font-family:sans-serif;font-size:14px;color:#111827">',
    `<div style="border-left:6px solid ${colour};padding:8px 16px">`,
    ...body,
    '</div>',
    '</body></html>',
  ].join('\n');
}

function fieldsTable(fields: NonNullable<PortableMessage['fields']>): string {
  const rows = fields.map(
    (f) =>
      `<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top;white-space:nowrap">${escapeHtml(f.name)}</th>` +
      `<td style="padding:4px 0">${multiline(f.value)}</td></tr>`,
  );
  return `<table style="border-collapse:collapse;margin:0 0 12px">${rows.join('')}</table>`;
}

/** Only http(s) links become anchors: a `javascript:` URL from a message must stay inert text. */
function linksList(links: NonNullable<PortableMessage['links']>): string {
  const items = links.map((l) =>
    /^https?:\/\//i.test(l.url)
      ? `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`
      : `<li>${escapeHtml(l.label)}: ${escapeHtml(l.url)}</li>`,
  );
  return `<ul style="margin:0;padding-left:20px">${items.join('')}</ul>`;
}
