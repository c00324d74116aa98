import { relative } from 'node:path';
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter } from 'yaml';
import type { z } from 'zod';
import type { PathSegment } from './secrets.ts';

/** One problem in a config file: where (YAML path and 1-based line) and what. */
export interface ConfigIssue {
  /** Like `apps.heartbeat.schedule` or `targets.oncall[1]`; empty for the whole file. */
  path: string;
  line: number | null;
  message: string;
}

/** An issue before it is placed in the file. */
export interface RawIssue {
  path: PathSegment[];
  message: string;
}

export function formatPath(path: PathSegment[]): string {
  return path
    .map((seg, i) => {
      if (typeof seg === 'number') return `[${seg}]`;
      if (/^[\w-]+$/.test(seg)) return i === 0 ? seg : `.${seg}`;
      return `[${JSON.stringify(seg)}]`;
    })
    .join('');
}

/** `opsbot.yaml:12: apps.foo.schedule: not a valid cron expression ("* * *")`. */
export function formatIssue(file: string, issue: ConfigIssue): string {
  const rel = relative(process.cwd(), file);
  const shown = rel && rel.length < file.length ? rel : file;
  const where = issue.line === null ? shown : `${shown}:${issue.line}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * The line of the closest node that exists on the path: the key's line for a key that is there,
 * the parent's line for a key that is missing.
 */
export function lineOf(doc: Document, counter: LineCounter, path: PathSegment[]): number | null {
  let node: unknown = doc.contents;
  let line = startLine(node, counter);
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      line = startLine(pair.key, counter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
      node = node.items[seg];
      line = startLine(node, counter) ?? line;
    } else {
      break;
    }
  }
  return line;
}

function startLine(node: unknown, counter: LineCounter): number | null {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? counter.linePos(range[0]).line : null;
}

export function valueAt(root: unknown, path: PathSegment[]): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

/** Converts zod issues into plain sentences; `canShow` says whether the value at a path may be quoted. */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  base: PathSegment[],
  input: unknown,
  canShow: (path: PathSegment[]) => boolean,
): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of issues) {
    const rel = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    const path = [...base, ...rel];
    const value = valueAt(input, rel);
    const shown = (text: string) => showValue(text, value, canShow(path));
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: [...path, key], message: 'unknown key' });
        break;
      case 'invalid_type':
        out.push({
          path,
          message:
            value === undefined ? 'required' : `expected ${typeWord(issue.expected)}, got ${kindOf(value)}`,
        });
        break;
      case 'invalid_union': {
        const mismatch = (branch: readonly z.core.$ZodIssue[]) =>
          branch.length > 0 &&
          branch.every(
            (i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'),
          );
        const branches = issue.errors;
        if (branches.length > 0 && branches.every(mismatch)) {
          const expected = branches.flat().flatMap((i) => {
            if (i.code === 'invalid_type') return [typeWord(i.expected)];
            if (i.code === 'invalid_value') return i.values.map((v) => JSON.stringify(v));
            return [];
          });
          out.push({ path, message: `expected ${joinOr([...new Set(expected)])}, got ${kindOf(value)}` });
        } else {
          // The branch that got past the type check is the one the writer meant.
          const meant = branches.find((b) => !mismatch(b));
          if (meant) out.push(...fromZodIssues(meant, path, value, canShow));
          else out.push({ path, message: issue.message });
        }
        break;
      }
      case 'invalid_value': {
        const values = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
        const expected = values.length === 1 ? values[0] : `one of: ${values.join(', ')}`;
        const got = canShow(path) && value !== undefined ? ` (got ${JSON.stringify(value)})` : '';
        out.push({ path, message: `expected ${expected}${got}` });
        break;
      }
      case 'too_small':
      case 'too_big':
        out.push({ path, message: boundMessage(issue, value, canShow(path)) });
        break;
      case 'invalid_key':
        out.push({ path, message: `invalid name: ${issue.issues.map((i) => i.message).join('; ')}` });
        break;
      case 'invalid_format':
        out.push({ path, message: shown(issue.format === 'url' ? 'not a valid URL' : issue.message) });
        break;
      case 'custom':
        out.push({ path, message: shown(issue.message) });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

function boundMessage(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  value: unknown,
  canShow: boolean,
): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') {
    if (small && limit === 1) return 'must not be empty';
    return `must be at ${small ? 'least' : 'most'} ${limit} characters`;
  }
  if (issue.origin === 'array') {
    if (small && limit === 1) return 'must not be empty';
    return `must have at ${small ? 'least' : 'most'} ${limit} item${limit === 1 ? '' : 's'}`;
  }
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  const got = canShow && typeof value === 'number' ? ` (got ${value})` : '';
  return `must be ${op} ${limit}${got}`;
}

/** Appends the offending value when it is short, a string, and not from a secret reference. */
function showValue(message: string, value: unknown, canShow: boolean): string {
  if (!canShow || typeof value !== 'string' || value.length > 80) return message;
  return `${message} (${JSON.stringify(value)})`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'mapping',
  record: 'mapping',
  array: 'list',
  int: 'integer',
};

function typeWord(expected: string): string {
  return TYPE_WORDS[expected] ?? expected;
}

/** How a YAML value reads to its writer: numbers and booleans as themselves, containers by their YAML name. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
