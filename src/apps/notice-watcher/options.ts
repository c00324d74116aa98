import { z } from 'opsbot';
import { hasSshAuth, SSH_AUTH_ERROR, sshServerFields } from '../shared/ssh.ts';

/**
 * Options of notice-watcher. Field selectors of HTML sources are CSS selectors relative to one item;
 * `sel@attr` reads an attribute instead of the text (`a@href`, `@data-id` for the item itself).
 * JSON fields are dot paths relative to one element of the `items` array.
 */

const htmlFields = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  /** Shown as "No. …" (OCC memo number). */
  number: z.string().optional(),
  date: z.string().optional(),
  effectiveDate: z.string().optional(),
  /** Without @attr: the element's href, else the first a[href] inside it. */
  link: z.string().optional(),
  /** Every match is one attachment (href, or @attr). */
  attachments: z.string().optional(),
});

const htmlSource = z.object({
  type: z.literal('html'),
  url: z.url(),
  /** CSS selector of one notice (e.g. "table tbody tr"). */
  item: z.string().min(1),
  fields: htmlFields,
  /** Link when the item has none: {id} is replaced by the (URL-encoded) id. */
  linkTemplate: z.string().optional(),
});

const feedSource = z.object({
  /** RSS 2.0 and Atom are both read (the document says which). */
  type: z.enum(['rss', 'atom']),
  url: z.url(),
});

const jsonSource = z.object({
  type: z.literal('json'),
  url: z.url(),
  /** Dot path to the array of notices ("data.notices"; "" when the body is the array). */
  items: z.string().default(''),
  // Dot paths into each item; JSON items carry no attachment links.
  fields: htmlFields.omit({ attachments: true }),
  linkTemplate: z.string().optional(),
});

export const PRESETS = ['occ-infomemo'] as const;

const presetSource = z.object({
  preset: z.enum(PRESETS),
  /** Overrides the preset's page (a mirror, the sandbox emulator). */
  url: z.url().optional(),
});

const sshList = z
  .object({
    ...sshServerFields,
    /** e.g. "cat /mdfsvc/fep/etc/OPRA-symb.csv". */
    command: z.string().min(1),
  })
  .refine(hasSshAuth, SSH_AUTH_ERROR);

const listFilter = z
  .object({
    from: z.enum(['file', 'url', 'ssh']),
    /** from: file. */
    path: z.string().optional(),
    /** from: url (plain text or CSV). */
    url: z.url().optional(),
    /** from: ssh; the command prints the list. */
    ssh: sshList.optional(),
    /** How an entry appears in a title; {item} is the entry. */
    pattern: z.string().includes('{item}').default('Symbol: {item}'),
    /** 1-based CSV column holding the entry (default the first; a line without commas is one entry). */
    column: z.number().int().min(1).default(1),
    /** Skip the first line (a CSV header). */
    header: z.boolean().default(false),
  })
  .refine((l) => (l.from === 'file' ? !!l.path : l.from === 'url' ? !!l.url : !!l.ssh), {
    message: 'from: file needs path, from: url needs url, from: ssh needs ssh',
  });

const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

export const filters = z.object({
  /** Regexes (case-insensitive); a title must match one. */
  include: z.array(regex).optional(),
  /** Regexes (case-insensitive); a title matching one is dropped. */
  exclude: z.array(regex).optional(),
  /** Words (case-insensitive); a title must contain one. */
  keywords: z.array(z.string()).optional(),
  /** A title must name one entry of a list (e.g. OPRA symbols) in the pattern's form. */
  list: listFilter.optional(),
});

const watch = z.object({
  /** Unique; names the watch in alerts and keys its state. */
  name: z.string().min(1),
  /** Where new notices go. */
  target: z.string().min(1),
  /** Where failure/recovery alerts go (default target). */
  errorTarget: z.string().optional(),
  source: z.union([htmlSource, feedSource, jsonSource, presetSource]),
  filters: filters.optional(),
  /** Extra request headers (Cookie, Accept-Language, …); User-Agent may be overridden. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Polls closer together than this are skipped (a manual run right after a scheduled one). */
  minIntervalSeconds: z.number().int().min(0).default(60),
  /** Consecutive failed polls before one "cannot read" alert. */
  failureThreshold: z.number().int().min(1).default(3),
  /** Wait after a failure before polling again; doubles per failure up to maxSeconds. */
  backoff: z
    .object({ initialSeconds: z.number().min(0).default(300), maxSeconds: z.number().min(0).default(3600) })
    .default({ initialSeconds: 300, maxSeconds: 3600 }),
  timeoutSeconds: z.number().min(1).default(30),
  /** How many seen ids to keep (never fewer than the page shows). */
  remember: z.number().int().min(10).default(1000),
  /** More new notices than this in one poll: this many alerts plus one "N more" message. */
  maxAlertsPerPoll: z.number().int().min(1).default(20),
  /** Send one "now watching, N notices seen" message after the first poll (default: log only). */
  announceFirstRun: z.boolean().default(false),
});

export const options = z.object({
  watches: z
    .array(watch)
    .min(1)
    .refine((ws) => new Set(ws.map((w) => w.name)).size === ws.length, {
      message: 'watch names must be unique',
    }),
});

export type Options = z.output<typeof options>;
export type Watch = Options['watches'][number];
export type Filters = z.output<typeof filters>;
export type ListFilter = NonNullable<Filters['list']>;
export type HtmlSource = z.output<typeof htmlSource>;
export type JsonSource = z.output<typeof jsonSource>;
export type Source = z.output<typeof htmlSource> | z.output<typeof feedSource> | JsonSource;

/**
 * OCC information memos. Assumption (the real page renders its results with scripts and may change):
 * the search page lists memos as table rows of Number, Post Date, Effective Date and Subject, the
 * subject or number linking to the memo; memos live at /infomemos?number=<n> on the same host, which is used when a
 * row has no link. The columns are read by position, not by class names.
 */
export const OCC_INFOMEMO_URL = 'https://infomemo.theocc.com/infomemo/search';

export function resolveSource(source: Watch['source']): Source {
  if (!('preset' in source)) return source;
  return {
    type: 'html',
    url: source.url ?? OCC_INFOMEMO_URL,
    item: 'table tbody tr',
    fields: {
      id: 'td:nth-child(1)',
      number: 'td:nth-child(1)',
      date: 'td:nth-child(2)',
      effectiveDate: 'td:nth-child(3)',
      title: 'td:nth-child(4)',
      link: 'td:nth-child(4) a@href',
    },
    linkTemplate: '/infomemos?number={id}',
  };
}
