import { readFile } from 'node:fs/promises';
import { Client } from 'ssh2';
import { sshConnectConfig } from '../shared/ssh.ts';
import type { Filters, ListFilter } from './options.ts';
import { fetchText } from './sources.ts';

/**
 * Filters on notice titles, and the entry lists they match against (a file, a URL, or the output of
 * a command over SSH, e.g. `cat /mdfsvc/fep/etc/OPRA-symb.csv`). Lists are read at most once per run.
 */

type SshSpec = NonNullable<ListFilter['ssh']>;

/** Entries of a CSV or plain list: one per line, the given 1-based column, quotes and blanks dropped. */
export function parseList(text: string, column = 1, header = false): string[] {
  const lines = text.split(/\r?\n/).slice(header ? 1 : 0);
  const out = new Set<string>();
  for (const line of lines) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const cell = line.split(',')[column - 1];
    const value = cell
      ?.trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    if (value) out.add(value);
  }
  return [...out];
}

export class ListCache {
  private readonly lists = new Map<string, Promise<string[]>>();

  private readonly signal: AbortSignal;
  private readonly timeoutMs: number;

  constructor(signal: AbortSignal, timeoutMs = 30_000) {
    this.signal = signal;
    this.timeoutMs = timeoutMs;
  }

  get(spec: ListFilter): Promise<string[]> {
    const key = JSON.stringify([spec.from, spec.path, spec.url, spec.ssh, spec.column, spec.header]);
    let list = this.lists.get(key);
    if (!list) {
      list = this.read(spec).then((text) => {
        const entries = parseList(text, spec.column, spec.header);
        // An empty list would silently drop every notice: treat it as a failure to read.
        if (entries.length === 0) throw new Error(`the ${spec.from} list is empty`);
        return entries;
      });
      // A failed read is not cached: another watch in the same run may try again.
      list.catch(() => this.lists.delete(key));
      this.lists.set(key, list);
    }
    return list;
  }

  private async read(spec: ListFilter): Promise<string> {
    if (spec.from === 'file') return readFile(spec.path!, 'utf8');
    if (spec.from === 'url') {
      const res = await fetchText(spec.url!, { timeoutMs: this.timeoutMs, signal: this.signal });
      return res.text;
    }
    return sshExec(spec.ssh!, this.timeoutMs);
  }
}

/** Runs one command and returns its stdout; a non-zero exit fails with its stderr. */
export async function sshExec(spec: SshSpec, timeoutMs: number): Promise<string> {
  const privateKey = spec.privateKeyFile ? await readFile(spec.privateKeyFile) : undefined;
  const config = sshConnectConfig({ ...spec, privateKey }, timeoutMs);
  const conn = new Client();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string>((resolve, reject) => {
      timer = setTimeout(() => {
        conn.destroy();
        reject(new Error(`ssh ${spec.host}: timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const fail = (err: unknown) =>
        reject(new Error(`ssh ${spec.host}: ${err instanceof Error ? err.message : String(err)}`));
      // `on`, not `once`: a second error event without a listener would crash the process.
      conn.on('error', fail);
      conn.once('close', () => fail(new Error('connection closed')));
      conn.once('ready', () => {
        conn.exec(spec.command, (err, stream) => {
          if (err) return fail(err);
          let out = '';
          let errOut = '';
          stream.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
          });
          stream.stderr.on('data', (chunk: Buffer) => {
            errOut += chunk.toString('utf8');
          });
          stream.on('close', (code: number | null) => {
            if (code === 0 || code === null) resolve(out);
            else fail(new Error(`"${spec.command}" exited with ${code}: ${errOut.trim().slice(0, 200)}`));
          });
        });
      });
      conn.connect(config);
    });
  } finally {
    clearTimeout(timer);
    conn.end();
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex that finds any entry in the pattern's form, the entry not running on into more letters. */
export function listMatcher(pattern: string, entries: string[]): RegExp | null {
  if (entries.length === 0) return null;
  const [before, after] = pattern.split('{item}') as [string, string];
  const alternatives = [...entries].sort((a, b) => b.length - a.length).map(escapeRegex);
  const ws = (s: string) => escapeRegex(s).replace(/\s+/g, '\\s+');
  return new RegExp(`${ws(before)}(?:${alternatives.join('|')})(?![A-Za-z0-9])${ws(after)}`, 'i');
}

/** Why a title is filtered out, or null when it passes every configured filter. */
export async function rejectReason(
  title: string,
  filters: Filters | undefined,
  lists: ListCache,
): Promise<string | null> {
  if (!filters) return null;
  const rx = (s: string) => new RegExp(s, 'i');
  if (filters.include?.length && !filters.include.some((r) => rx(r).test(title))) return 'include';
  if (filters.exclude?.some((r) => rx(r).test(title))) return 'exclude';
  const lower = title.toLowerCase();
  if (filters.keywords?.length && !filters.keywords.some((k) => lower.includes(k.toLowerCase()))) {
    return 'keywords';
  }
  if (filters.list) {
    const matcher = listMatcher(filters.list.pattern, await lists.get(filters.list));
    if (!matcher?.test(title)) return 'list';
  }
  return null;
}
