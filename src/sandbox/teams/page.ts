/**
 * The sink's page: posted cards drawn roughly as Teams draws them (TextBlock weight and colour,
 * FactSet, Container style, ColumnSet, Action.OpenUrl as links) and failed runs with their reason,
 * newest first. Plain server-rendered HTML, everything escaped, no scripts and no external assets
 * (images show as links).
 */
import type { FailedRun, PostedCard } from './types.ts';

type Node = Record<string, unknown>;

export const esc = (value: unknown): string =>
  String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const COLORS: Record<string, string> = {
  attention: '#c4314b',
  good: '#237b4b',
  warning: '#c19c00',
  accent: '#2f5fb3',
  light: '#8a8886',
  dark: '#252423',
};
const STYLES: Record<string, string> = {
  emphasis: '#f3f2f1',
  good: '#e7f2da',
  attention: '#fde7e9',
  warning: '#fff4ce',
  accent: '#deecf9',
};
const SIZES: Record<string, string> = { small: '12px', medium: '16px', large: '20px', extralarge: '24px' };

const list = (value: unknown): Node[] =>
  Array.isArray(value) ? value.filter((v): v is Node => typeof v === 'object' && v !== null) : [];

/** Only web links become hrefs; anything else (javascript:, data:) is shown as text. */
function link(url: unknown, text: unknown): string {
  const href = String(url ?? '');
  if (!/^https?:\/\//i.test(href)) return `<span class="action">${esc(text)} (${esc(href)})</span>`;
  return `<a class="action" href="${esc(href)}" rel="noreferrer noopener" target="_blank">${esc(text || href)}</a>`;
}

function textBlock(node: Node): string {
  const style = [
    node['weight'] === 'bolder' ? 'font-weight:bold' : '',
    node['weight'] === 'lighter' ? 'font-weight:300' : '',
    `color:${COLORS[String(node['color'] ?? '').toLowerCase()] ?? 'inherit'}`,
    `font-size:${SIZES[String(node['size'] ?? '').toLowerCase()] ?? '14px'}`,
    node['isSubtle'] === true ? 'opacity:.7' : '',
  ].filter((s) => s !== '');
  return `<div class="textblock" style="${style.join(';')}">${esc(node['text'])}</div>`;
}

function factSet(node: Node): string {
  const rows = list(node['facts']).map(
    (f) => `<tr><th>${esc(f['title'])}</th><td>${esc(f['value'])}</td></tr>`,
  );
  return `<table class="factset">${rows.join('')}</table>`;
}

function container(node: Node, items: unknown): string {
  const background = STYLES[String(node['style'] ?? '').toLowerCase()];
  const style = background ? ` style="background:${background}"` : '';
  return `<div class="container"${style}>${elements(items)}</div>`;
}

function action(node: Node): string {
  const type = String(node['type'] ?? '');
  if (type === 'Action.OpenUrl') return link(node['url'], node['title']);
  if (type === 'Action.ShowCard') {
    const card = (node['card'] ?? {}) as Node;
    return `<details class="action"><summary>${esc(node['title'])}</summary>${elements(card['body'])}${actions(card['actions'])}</details>`;
  }
  return `<span class="action">${esc(node['title'] || type)}</span>`;
}

function actions(value: unknown): string {
  const all = list(value);
  return all.length ? `<div class="actions">${all.map(action).join(' ')}</div>` : '';
}

function element(node: Node): string {
  switch (node['type']) {
    case 'TextBlock':
      return textBlock(node);
    case 'FactSet':
      return factSet(node);
    case 'Container':
      return container(node, node['items']);
    case 'ColumnSet':
      return `<div class="columns">${list(node['columns'])
        .map((c) => container(c, c['items']))
        .join('')}</div>`;
    case 'ActionSet':
      return actions(node['actions']);
    case 'Image':
      return `<div class="image">${link(node['url'], `image: ${String(node['altText'] ?? node['url'] ?? '')}`)}</div>`;
    default:
      return `<div class="unknown">[${esc(node['type'])}]</div>`;
  }
}

function elements(value: unknown): string {
  return list(value).map(element).join('');
}

function cardHtml(posted: PostedCard): string {
  const when = new Date(posted.at).toISOString();
  return (
    `<article class="card"><header>${esc(posted.workflow)} · ${esc(when)}</header>` +
    `${elements(posted.card['body'])}${actions(posted.card['actions'])}</article>`
  );
}

function failedHtml(run: FailedRun): string {
  const body = JSON.stringify(run.body, null, 2) ?? String(run.body);
  const shown = body.length > 4000 ? `${body.slice(0, 4000)}\n…` : body;
  return (
    `<article class="failed"><header>${esc(run.workflow)} · ${esc(new Date(run.at).toISOString())} · failed</header>` +
    `<p class="reason">${esc(run.reason)}</p><pre>${esc(shown)}</pre></article>`
  );
}

const CSS =
  'body{font-family:"Segoe UI",sans-serif;margin:24px;background:#f5f5f5;color:#252423}' +
  'article{background:#fff;border-radius:4px;padding:12px 16px;margin:12px 0;max-width:640px;box-shadow:0 1px 2px #0002}' +
  'article.failed{border-left:4px solid #c4314b}header{font-size:12px;color:#605e5c;margin-bottom:8px}' +
  '.container{padding:8px;margin:4px 0}.columns{display:flex;gap:8px}.columns>.container{flex:1}' +
  '.factset th{text-align:left;padding-right:16px;vertical-align:top}.textblock{margin:4px 0;white-space:pre-wrap}' +
  '.actions{margin-top:8px}.action{margin-right:12px}pre{white-space:pre-wrap;background:#faf9f8;padding:8px;font-size:12px}';

export const CSP = "default-src 'none'; style-src 'unsafe-inline'";

export function renderPage(cards: PostedCard[], failedRuns: FailedRun[], url: string): string {
  const posted = [...cards].reverse().map(cardHtml).join('') || '<p>No cards yet.</p>';
  const failed = [...failedRuns].reverse().map(failedHtml).join('') || '<p>No failed runs.</p>';
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>Teams channel (sandbox)</title><style>${CSS}</style></head><body>` +
    `<h1>Teams channel (sandbox)</h1><p>Workflow URL: <code>${esc(url)}</code></p>` +
    `<h2>Posted cards (${cards.length})</h2>${posted}<h2>Failed runs (${failedRuns.length})</h2>${failed}</body></html>`
  );
}
