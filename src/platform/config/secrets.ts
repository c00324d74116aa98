import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorMessage } from '../errors.ts';
import { redactValues, secretRedactor } from '../redact.ts';

/**
 * Secret references inside config strings: `${env:NAME}`, `${file:path}`, `${vault:name}`.
 * `$${` writes a literal `${`. Errors name the reference, never a value.
 */

/** Resolves the `ref` part of `${scheme:ref}`. Throws with a reason that must not contain the value. */
export interface SecretProvider {
  scheme: string;
  resolve(ref: string): Promise<string>;
}

export type PathSegment = string | number;

/** A string that was written with `${…}`, kept so it can be shown as written instead of resolved. */
export interface SecretReference {
  path: PathSegment[];
  text: string;
}

export interface SecretIssue {
  path: PathSegment[];
  message: string;
}

export interface ResolvedSecrets {
  value: unknown;
  /** Every distinct resolved value, for scrubbing output. */
  secretValues: string[];
  references: SecretReference[];
  issues: SecretIssue[];
}

export type TemplatePart = { text: string } | { scheme: string; ref: string; raw: string };

// A scheme is a lowercase word; anything else in `${…}` (e.g. `${HOME}`) is left as text.
const REFERENCE = /^([a-z][a-z0-9-]*):([^}\n]*)$/;

/** Splits a string into literal text and references; `$${` becomes a literal `${`. */
export function parseTemplate(input: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < input.length) {
    if (input.startsWith('$${', i)) {
      text += '${';
      i += 3;
      continue;
    }
    if (input.startsWith('${', i)) {
      const end = input.indexOf('}', i + 2);
      const match = end === -1 ? null : REFERENCE.exec(input.slice(i + 2, end));
      if (match) {
        if (text) parts.push({ text });
        text = '';
        parts.push({ scheme: match[1]!, ref: match[2]!, raw: input.slice(i, end + 1) });
        i = end + 1;
        continue;
      }
    }
    text += input[i];
    i += 1;
  }
  if (text || parts.length === 0) parts.push({ text });
  return parts;
}

/** True when the string contains a reference or an escape, i.e. resolving may change it. */
export function isTemplate(input: string): boolean {
  return input.includes('${');
}

export function envSecretProvider(env: Record<string, string | undefined>): SecretProvider {
  return {
    scheme: 'env',
    async resolve(name) {
      const value = env[name];
      if (value === undefined) throw new Error('not set in the environment');
      // An empty secret is almost always a forgotten export, not an intended value.
      if (value === '') throw new Error('set but empty in the environment');
      return value;
    },
  };
}

/** Reads `${file:path}`, path relative to baseDir (the config file's directory). */
export function fileSecretProvider(baseDir: string): SecretProvider {
  return {
    scheme: 'file',
    async resolve(path) {
      const full = resolve(baseDir, path);
      let content: string;
      try {
        content = await readFile(full, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new Error(`file not found: ${full}`);
        throw new Error(`cannot read ${full}: ${code ?? errorMessage(err)}`);
      }
      // Editors and `echo` add a trailing newline that is never part of a key or token.
      return content.replace(/(\r?\n)+$/, '');
    },
  };
}

/** The built-in providers, with `extra` replacing any of the same scheme (tests, vault). */
export function secretProviders(options: {
  env: Record<string, string | undefined>;
  baseDir: string;
  extra?: SecretProvider[];
}): SecretProvider[] {
  const byScheme = new Map<string, SecretProvider>();
  for (const p of [
    envSecretProvider(options.env),
    fileSecretProvider(options.baseDir),
    ...(options.extra ?? []),
  ]) {
    byScheme.set(p.scheme, p);
  }
  return [...byScheme.values()];
}

type Outcome = { ok: true; value: string } | { ok: false; message: string };

/** Resolves every reference in every string of a plain YAML/JSON value; reports all failures. */
export async function resolveSecrets(value: unknown, providers: SecretProvider[]): Promise<ResolvedSecrets> {
  const byScheme = new Map(providers.map((p) => [p.scheme, p]));
  // Same reference twice is resolved once (vault calls cost money and time).
  const cache = new Map<string, Promise<Outcome>>();
  const lookup = (part: { scheme: string; ref: string; raw: string }): Promise<Outcome> => {
    let outcome = cache.get(part.raw);
    if (!outcome) {
      outcome = resolveOne(part, byScheme);
      cache.set(part.raw, outcome);
    }
    return outcome;
  };

  const references: SecretReference[] = [];
  const issues: SecretIssue[] = [];
  const secretValues = new Set<string>();

  const resolveString = async (input: string, path: PathSegment[]): Promise<string> => {
    if (!isTemplate(input)) return input;
    const parts = parseTemplate(input);
    references.push({ path, text: input });
    const outcomes = await Promise.all(parts.map((p) => ('scheme' in p ? lookup(p) : null)));
    let out = '';
    let failed = false;
    parts.forEach((part, i) => {
      const outcome = outcomes[i];
      if (!outcome) {
        out += 'text' in part ? part.text : '';
      } else if (outcome.ok) {
        out += outcome.value;
        if (outcome.value) {
          secretValues.add(outcome.value);
          // From here on no log line or stored error of this process may carry it.
          secretRedactor.add(outcome.value);
        }
      } else {
        failed = true;
        issues.push({ path, message: outcome.message });
      }
    });
    // On failure keep the reference text so later checks see a string, and no partial secret leaks.
    return failed ? input : out;
  };

  const walk = async (node: unknown, path: PathSegment[]): Promise<unknown> => {
    if (typeof node === 'string') return resolveString(node, path);
    if (Array.isArray(node)) return Promise.all(node.map((item, i) => walk(item, [...path, i])));
    if (isPlainObject(node)) {
      const entries = await Promise.all(
        Object.entries(node).map(async ([k, v]) => [k, await walk(v, [...path, k])] as const),
      );
      return Object.fromEntries(entries);
    }
    return node;
  };

  const resolved = await walk(value, []);
  return { value: resolved, secretValues: [...secretValues], references, issues };
}

async function resolveOne(
  part: { scheme: string; ref: string; raw: string },
  byScheme: Map<string, SecretProvider>,
): Promise<Outcome> {
  if (part.ref.trim() === '') return { ok: false, message: `empty secret reference ${part.raw}` };
  const provider = byScheme.get(part.scheme);
  if (!provider) {
    if (part.scheme === 'vault')
      return { ok: false, message: `cannot resolve ${part.raw}: vault is not configured` };
    const known = [...byScheme.keys()].join(', ');
    return { ok: false, message: `unknown secret scheme "${part.scheme}" in ${part.raw} (known: ${known})` };
  }
  try {
    return { ok: true, value: await provider.resolve(part.ref) };
  } catch (err) {
    return { ok: false, message: `missing secret ${part.raw}: ${errorMessage(err)}` };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const MIN_SCRUB_LENGTH = 4;

/** Replaces every secret value in text with `[secret]`, also in its JSON-escaped and URL-encoded forms. */
export function scrubSecrets(text: string, secretValues: string[]): string {
  // Very short values would turn ordinary words and numbers into [secret] all over the output.
  return redactValues(text, secretValues, { censor: '[secret]', minLength: MIN_SCRUB_LENGTH });
}
