import { readFile } from 'node:fs/promises';
import type { z } from 'opsbot';
import { type Document, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { BASE_KEYS, KIND_OPTIONS, serviceBase } from './schema.ts';
import { CatalogueError, type Service } from './types.ts';

type Path = (string | number)[];

/** Reads a YAML catalogue: `services: [{ name, code, kind, synonyms, <kind options> }]`. */
export async function loadYamlCatalogue(file: string): Promise<Service[]> {
  const counter = new LineCounter();
  const doc = parseDocument(await readFile(file, 'utf8'), { lineCounter: counter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) throw new CatalogueError(file, syntax.linePos?.[0].line ?? null, syntax.message);
  const fail = (path: Path, detail: string): never => {
    throw new CatalogueError(file, lineOf(doc, counter, path), detail);
  };
  const root: unknown = doc.toJS();
  const entries = isRecord(root) ? root['services'] : undefined;
  if (!Array.isArray(entries)) return fail([], 'expected a top-level `services:` list');
  const services = entries.map((entry, i) => toService(entry, ['services', i], fail));
  services.forEach((s, i) => {
    const first = services.findIndex((o) => o.code === s.code);
    if (first < i)
      fail(
        ['services', i, 'code'],
        `service "${s.name}": code ${s.code} is already used by "${services[first]!.name}"`,
      );
  });
  return services;
}

function toService(entry: unknown, at: Path, fail: (path: Path, detail: string) => never): Service {
  if (!isRecord(entry)) return fail(at, `services[${at[1]}] must be a mapping`);
  const label = typeof entry['name'] === 'string' ? `service "${entry['name']}"` : `services[${at[1]}]`;
  const base = serviceBase.safeParse(entry);
  if (!base.success) return failOn(base.error, entry, at, label, fail);
  const options = Object.fromEntries(
    Object.entries(entry).filter(([key]) => !(BASE_KEYS as readonly string[]).includes(key)),
  );
  const parsed = KIND_OPTIONS[base.data.kind].safeParse(options);
  if (!parsed.success) return failOn(parsed.error, entry, at, `${label} (kind ${base.data.kind})`, fail);
  return { ...base.data, options: parsed.data };
}

/** Turns the first zod issue into "service "x": text: missing" with the line of the key (or its entry). */
function failOn(
  error: z.ZodError,
  entry: Record<string, unknown>,
  at: Path,
  label: string,
  fail: (path: Path, detail: string) => never,
): never {
  // A misspelt key explains the "missing" issue that comes with it, so it is the one to report.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => [...path, k].join('.')).join(', ');
    return fail([...at, ...path, issue.keys[0]!], `${label}: unknown key ${keys}`);
  }
  const key = path.join('.') || '(entry)';
  const missing = valueAt(entry, path) === undefined;
  return fail([...at, ...path], `${label}: ${key}: ${missing ? 'missing' : issue.message}`);
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (v, p) => (isRecord(v) || Array.isArray(v) ? (v as never)[p] : undefined),
    value,
  );
}

/** The line of the deepest node on `path` that exists: a missing key reports its entry's line. */
function lineOf(doc: Document, counter: LineCounter, path: Path): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
    if (n === 0 && (isMap(doc.contents) || isSeq(doc.contents))) {
      return doc.contents.range ? counter.linePos(doc.contents.range[0]).line : null;
    }
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
