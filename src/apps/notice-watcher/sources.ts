import { type CheerioAPI, load } from 'cheerio';
import { XMLParser } from 'fast-xml-parser';
import { parseRetryAfter } from 'opsbot';
import type { HtmlSource, JsonSource, Source } from './options.ts';

/** Fetching one source politely (conditional GET, User-Agent, timeout) and reading its notices. */

export interface Attachment {
  label: string;
  url: string;
}

export interface Notice {
  id: string;
  title: string;
  number?: string;
  date?: string;
  effectiveDate?: string;
  link?: string;
  attachments: Attachment[];
}

export type PollResult =
  | { changed: false }
  | { changed: true; notices: Notice[]; etag?: string; lastModified?: string };

export interface PollOptions {
  etag?: string;
  lastModified?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
}

export const USER_AGENT = 'opsbot-notice-watcher/1.0';

/** An HTTP failure with the server's Retry-After (ms), when it sent one. */
export class HttpError extends Error {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

export function errorReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (err.name === 'TimeoutError') return 'timed out';
  if (cause && (cause.code || cause.message)) return `${err.message} (${cause.code ?? cause.message})`;
  return err.message;
}

export async function fetchText(
  url: string,
  o: PollOptions,
): Promise<{ status: number; text: string; url: string; headers: Headers }> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*' };
  for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
  if (o.etag) headers['if-none-match'] = o.etag;
  if (o.lastModified) headers['if-modified-since'] = o.lastModified;
  const res = await fetch(url, {
    headers,
    redirect: 'follow',
    signal: AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]),
  });
  if (res.status === 304) return { status: 304, text: '', url: res.url || url, headers: res.headers };
  if (!res.ok) {
    await res.body?.cancel();
    throw new HttpError(
      `HTTP ${res.status} ${res.statusText}`.trim(),
      parseRetryAfter(res.headers.get('retry-after'), Date.now()),
    );
  }
  return { status: res.status, text: await res.text(), url: res.url || url, headers: res.headers };
}

export async function pollSource(source: Source, o: PollOptions): Promise<PollResult> {
  const res = await fetchText(source.url, o);
  if (res.status === 304) return { changed: false };
  const notices =
    source.type === 'html'
      ? parseHtml(source, res.text, res.url)
      : source.type === 'json'
        ? parseJson(source, res.text, res.url)
        : parseFeed(res.text, res.url);
  const etag = res.headers.get('etag') ?? undefined;
  const lastModified = res.headers.get('last-modified') ?? undefined;
  return { changed: true, notices, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function resolve(href: string | undefined, base: string): string | undefined {
  const h = clean(href);
  if (!h || h.startsWith('javascript:') || h === '#') return undefined;
  try {
    return new URL(h, base).toString();
  } catch {
    return undefined;
  }
}

function fromTemplate(template: string | undefined, id: string, base: string): string | undefined {
  return template ? resolve(template.replaceAll('{id}', encodeURIComponent(id)), base) : undefined;
}

function fileLabel(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
  } catch {
    return url;
  }
}

function splitSelector(spec: string): { selector: string; attr?: string } {
  const m = /^(.*?)@([\w:.-]+)$/.exec(spec.trim());
  return m ? { selector: m[1]!.trim(), attr: m[2]! } : { selector: spec.trim() };
}

export function parseHtml(source: HtmlSource, html: string, pageUrl: string): Notice[] {
  const $ = load(html);
  const base = resolve($('base[href]').first().attr('href'), pageUrl) ?? pageUrl;
  const items = $(source.item);
  // Pages that build their list in the browser serve an empty shell (or a "Loading…" row) and
  // scripts; an empty list is then a failure that says so, never a quiet "nothing new".
  const why = () => {
    const scripts = $('script').length;
    return scripts
      ? `the page has ${scripts} script(s) and may render its list with them, which notice-watcher does not run (it reads the HTML as served)`
      : 'page layout changed?';
  };
  if (items.length === 0) {
    throw new Error(
      `saw 0 items where the list should have some: no items match "${source.item}" (${why()})`,
    );
  }
  const f = source.fields;
  const notices: Notice[] = [];
  items.each((_, el) => {
    const pick = (spec?: string) => (spec === undefined ? [] : select($, el, spec));
    const text = (spec?: string) => clean(pick(spec).map((p) => p.value)[0]) || undefined;
    const href = (spec?: string) => resolve(pick(spec).map((p) => p.href ?? p.value)[0], base);
    const id = text(f.id);
    const title = text(f.title);
    if (!id || !title) return;
    const attachments = pick(f.attachments).flatMap((p) => {
      const url = resolve(p.href ?? p.value, base);
      return url ? [{ label: clean(p.text) || fileLabel(url), url }] : [];
    });
    notices.push(
      compact({
        id,
        title,
        number: text(f.number),
        date: text(f.date),
        effectiveDate: text(f.effectiveDate),
        link: href(f.link) ?? fromTemplate(source.linkTemplate, id, base),
        attachments,
      }),
    );
  });
  if (notices.length === 0) {
    throw new Error(
      `saw 0 items where the list should have some: ${items.length} match "${source.item}" but none has an id and a title (${why()})`,
    );
  }
  return notices;
}

/** A DOM node, as cheerio types it (without importing domhandler). */
type AnyNode = Parameters<CheerioAPI['contains']>[0];

/** Matches of a field spec in one item: value (text or attribute), href and text for links. */
function select($: CheerioAPI, item: AnyNode, spec: string) {
  const { selector, attr } = splitSelector(spec);
  const nodes = selector ? $(item).find(selector) : $(item);
  return nodes.toArray().map((node) => {
    const el = $(node);
    const text = el.text();
    if (attr) return { value: el.attr(attr) ?? '', href: el.attr(attr), text };
    const href = el.attr('href') ?? el.find('a[href]').first().attr('href');
    return { value: text, href, text };
  });
}

function compact(n: Notice): Notice {
  return Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined)) as unknown as Notice;
}

function dig(value: unknown, path: string): unknown {
  if (!path) return value;
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const str = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' ? clean(String(v)) || undefined : undefined;

export function parseJson(source: JsonSource, body: string, pageUrl: string): Notice[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new Error('the response is not JSON');
  }
  const list = dig(doc, source.items);
  if (!Array.isArray(list)) throw new Error(`no array at "${source.items}"`);
  const f = source.fields;
  return list.flatMap((entry) => {
    const id = str(dig(entry, f.id));
    const title = str(dig(entry, f.title));
    if (!id || !title) return [];
    const link = f.link ? resolve(str(dig(entry, f.link)), pageUrl) : undefined;
    return [
      compact({
        id,
        title,
        number: f.number ? str(dig(entry, f.number)) : undefined,
        date: f.date ? str(dig(entry, f.date)) : undefined,
        effectiveDate: f.effectiveDate ? str(dig(entry, f.effectiveDate)) : undefined,
        link: link ?? fromTemplate(source.linkTemplate, id, pageUrl),
        attachments: [],
      }),
    ];
  });
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  isArray: (name) => ['item', 'entry', 'link', 'enclosure'].includes(name),
});

/** Text of a parsed XML node: a string, a number, or an element with #text. */
function xtext(v: unknown): string | undefined {
  if (Array.isArray(v)) return xtext(v[0]);
  if (typeof v === 'string' || typeof v === 'number') return clean(String(v)) || undefined;
  if (v && typeof v === 'object') return xtext((v as Record<string, unknown>)['#text']);
  return undefined;
}

type XNode = Record<string, unknown>;
const nodes = (v: unknown): XNode[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as XNode[];

export function parseFeed(body: string, pageUrl: string): Notice[] {
  let doc: XNode;
  try {
    doc = xml.parse(body) as XNode;
  } catch (err) {
    throw new Error(`the feed is not XML: ${errorReason(err)}`);
  }
  const channel = (doc['rss'] as XNode | undefined)?.['channel'] as XNode | undefined;
  if (channel) {
    return nodes(channel['item']).flatMap((it) => {
      const link = resolve(xtext(it['link']), pageUrl);
      const id = xtext(it['guid']) ?? link ?? xtext(it['title']);
      const title = xtext(it['title']);
      if (!id || !title) return [];
      const attachments = nodes(it['enclosure']).flatMap((e) => {
        const url = resolve(e['@_url'] as string | undefined, pageUrl);
        return url ? [{ label: fileLabel(url), url }] : [];
      });
      return [compact({ id, title, date: xtext(it['pubDate']), link, attachments })];
    });
  }
  const feed = doc['feed'] as XNode | undefined;
  if (!feed) throw new Error('neither an RSS 2.0 nor an Atom document');
  const feedBase = resolve(feed['@_xml:base'] as string | undefined, pageUrl) ?? pageUrl;
  return nodes(feed['entry']).flatMap((e) => {
    const base = resolve(e['@_xml:base'] as string | undefined, feedBase) ?? feedBase;
    const links = nodes(e['link']);
    const rel = (l: XNode) => (l['@_rel'] as string | undefined) ?? 'alternate';
    const link = resolve(links.find((l) => rel(l) === 'alternate')?.['@_href'] as string | undefined, base);
    const id = xtext(e['id']) ?? link;
    const title = xtext(e['title']);
    if (!id || !title) return [];
    const attachments = links
      .filter((l) => rel(l) === 'enclosure')
      .flatMap((l) => {
        const url = resolve(l['@_href'] as string | undefined, base);
        return url ? [{ label: xtext(l['@_title']) ?? fileLabel(url), url }] : [];
      });
    const date = xtext(e['published']) ?? xtext(e['updated']);
    return [compact({ id, title, date, link, attachments })];
  });
}
