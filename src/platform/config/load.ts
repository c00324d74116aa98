import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { OpsbotError } from '../errors.ts';
import { createAzureKeyVault } from '../vault/azure-keyvault.ts';
import type { OpenVault } from '../vault/keeper.ts';
import { type AppNeeds, checkCapabilities } from './capability-checks.ts';
import {
  type ConnectionTypeEntry,
  checkApps,
  checkConnections,
  checkSchedules,
  checkTargets,
} from './checks.ts';
import {
  type ConfigIssue,
  formatIssue,
  formatPath,
  fromZodIssues,
  kindOf,
  lineOf,
  type RawIssue,
} from './issues.ts';
import { protectReferences, restoreReferences, restoreText } from './references.ts';
import { configSchema, type LoadedConfig } from './schema.ts';
import { SECRET_KEY, secretPathsIn } from './secret-fields.ts';
import {
  type PathSegment,
  resolveSecrets,
  type SecretProvider,
  scrubSecrets,
  secretProviders,
} from './secrets.ts';
import { vaultProvider } from './vault-secrets.ts';

export type { ConfigIssue } from './issues.ts';
export { formatIssue } from './issues.ts';
export { scrubSecrets } from './secrets.ts';
export { showConfig } from './show.ts';

export interface LoadOptions {
  /** Where `${env:…}` looks. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Extra providers (vault); one with the scheme of a built-in (env, file) replaces it. */
  secretProviders?: SecretProvider[];
  /**
   * Connection types by `type`: a bare option schema, or a check that also declares capabilities
   * (then targets and apps are checked against them). When given, unknown types are errors.
   */
  connectionTypes?: Map<string, ConnectionTypeEntry>;
  /** Which `with:` keys of an app (by its `use`) name targets, and what they need. Default: target(s) → send. */
  appNeeds?: (use: string) => AppNeeds | null;
  /** Returns why an app's `use` cannot be resolved (or lies outside `appRoots`, absolute), or null when it can. */
  knownApps?: (use: string, appRoots: string[]) => string | null;
  /**
   * Connections that exist without being written in the file (e.g. `sandbox`), so targets may name
   * them. A connection of the same name in the file wins.
   */
  implicitConnections?: Record<string, { type: string; [key: string]: unknown }>;
  /** Opens `secrets.vault` (the daemon passes its VaultKeeper's, so reloads share one client). */
  openVault?: OpenVault;
}

/** A config file that cannot be used; `issues` holds every problem, `message` the first. */
export class ConfigError extends OpsbotError {
  readonly file: string;
  readonly issues: ConfigIssue[];

  constructor(file: string, issues: ConfigIssue[], message?: string) {
    const first = issues[0];
    super('CONFIG', message ?? (first ? formatIssue(file, first) : `invalid config: ${file}`));
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

/** Reads, resolves and validates a config file; throws ConfigError listing every issue. */
export async function loadConfig(file: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const { config, issues } = await checkConfig(file, options);
  if (!config) throw new ConfigError(resolve(file), issues);
  return config;
}

/**
 * Like loadConfig, but returns the issues instead of throwing (for `config check`). Still throws
 * ConfigError when the file cannot be read at all, since there is no line to point at.
 */
export async function checkConfig(
  file: string,
  options: LoadOptions = {},
): Promise<{ config?: LoadedConfig; issues: ConfigIssue[] }> {
  const path = resolve(file);
  const text = await readConfigText(path);
  const counter = new LineCounter();
  // uniqueKeys: a repeated key is an error, not a silent override. merge: `<<: *defaults` works.
  const doc = parseDocument(protectReferences(text), {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  // Values are scrubbed from messages once resolved, as a last guard behind the checks' own care.
  let secretValues: string[] = [];
  const at = (issue: RawIssue): ConfigIssue => ({
    path: formatPath(issue.path),
    line: lineOf(doc, counter, issue.path),
    message: scrubSecrets(issue.message, secretValues),
  });

  if (doc.errors.length > 0) {
    const issues = doc.errors.map((err) => ({
      path: '',
      line: counter.linePos(err.pos[0]).line,
      // yaml's own advice for this one names its API, which means nothing to someone editing a file.
      message:
        err.code === 'MULTIPLE_DOCS'
          ? 'invalid YAML: the file must hold one document (found a second ---)'
          : `invalid YAML: ${restoreText(err.message)}`,
    }));
    return { issues: sortIssues(issues) };
  }

  let raw: unknown;
  try {
    raw = restoreReferences(doc.toJS());
  } catch (err) {
    // toJS throws on alias bombs (excessive alias expansion) and similar structural abuse.
    return { issues: [{ path: '', line: null, message: `invalid YAML: ${(err as Error).message}` }] };
  }
  if (raw === null || raw === undefined) {
    return { issues: [{ path: '', line: null, message: 'config file is empty' }] };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const message = `expected a mapping of settings (key: value) at the top level, got ${kindOf(raw)}`;
    return { issues: [{ path: '', line: lineOf(doc, counter, []), message }] };
  }

  const baseDir = dirname(path);
  const providers = secretProviders({
    env: options.env ?? process.env,
    baseDir,
    extra: options.secretProviders,
  });
  const vault = await vaultProvider(
    raw as Record<string, unknown>,
    providers,
    options.openVault ?? createAzureKeyVault,
  );
  const secrets = await resolveSecrets(
    withImplicitConnections(raw as Record<string, unknown>, options.implicitConnections),
    vault.provider && !options.secretProviders?.some((p) => p.scheme === 'vault')
      ? [...providers, vault.provider]
      : providers,
  );
  const data = secrets.value as Record<string, unknown>;
  secretValues = secrets.secretValues;
  const secretPaths = secrets.references.map((r) => formatPath(r.path));
  // A value is quoted in a message only if it was written in the file as-is, never if a reference
  // produced it, and never under a key that names a credential (a token pasted in plain).
  const canShow = (p: PathSegment[]) => {
    if (SECRET_KEY.test(String(p[p.length - 1] ?? ''))) return false;
    const key = formatPath(p);
    return !secretPaths.some((s) => s === key || key.startsWith(`${s}.`) || key.startsWith(`${s}[`));
  };

  const raws: RawIssue[] = [...secrets.issues];
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) raws.push(...fromZodIssues(parsed.error.issues, [], data, canShow));
  raws.push(...checkSchedules(data, canShow), ...checkTargets(data, canShow));
  let connections = new Map<string, Record<string, unknown>>();
  let connectionSecrets: PathSegment[][] = [];
  if (options.connectionTypes) {
    const checked = checkConnections(data, options.connectionTypes, canShow);
    raws.push(...checked.issues, ...checkCapabilities(data, checked.capabilities, options.appNeeds));
    connections = checked.parsed;
    connectionSecrets = checked.secretPaths;
  }
  if (options.knownApps) raws.push(...checkApps(data, options.knownApps, baseDir));

  // A failed reference leaves its text in place; type or format complaints about that text are noise.
  const failed = secrets.issues.map((i) => formatPath(i.path));
  const issues = sortIssues(
    dedupe(raws.filter((i) => secrets.issues.includes(i) || !failed.includes(formatPath(i.path))).map(at)),
  );
  if (issues.length > 0 || !parsed.success) return { issues };

  const config: LoadedConfig = {
    ...parsed.data,
    connections: {
      ...parsed.data.connections,
      ...Object.fromEntries(withPlatformKeys(connections, parsed.data.connections)),
    } as LoadedConfig['connections'],
    file: path,
    dataDirPath: resolve(baseDir, parsed.data.dataDir),
    secretValues: secrets.secretValues,
    secretRefs: secrets.references,
    secretPaths: [...secretPathsIn(configSchema, parsed.data), ...connectionSecrets],
  };
  // Not enumerable: the live vault is no setting, so comparing or copying configs leaves it out.
  if (vault.vault) Object.defineProperty(config, 'vault', { value: vault.vault, enumerable: false });
  return { config, issues: [] };
}

function withImplicitConnections(
  raw: Record<string, unknown>,
  implicit: LoadOptions['implicitConnections'],
): Record<string, unknown> {
  const written = raw['connections'] ?? {};
  // A malformed `connections` is left for the schema to report as written.
  if (!implicit || typeof written !== 'object' || Array.isArray(written)) return raw;
  const missing = Object.entries(implicit).filter(([name]) => !(name in written));
  return { ...raw, connections: { ...written, ...Object.fromEntries(missing) } };
}

async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `config file not found: ${path}`
        : `cannot read config file ${path}: ${code ?? err}`;
    throw new ConfigError(path, [{ path: '', line: null, message }], message);
  }
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.line}\0${i.path}\0${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** By line, issues without a line last; stable, so same-line issues keep their order. */
function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER),
  );
}

/**
 * maxRetryAfter is the platform's key, not the connector's: its parsed value (ms, default applied)
 * goes onto each block. Set in place: the connector recognises the very object its parse returned.
 */
function withPlatformKeys(
  blocks: Map<string, Record<string, unknown>>,
  parsed: Record<string, { maxRetryAfter: number }>,
): Map<string, Record<string, unknown>> {
  for (const [name, block] of blocks) {
    const value = parsed[name]?.maxRetryAfter;
    if (value !== undefined) block['maxRetryAfter'] = value;
  }
  return blocks;
}

export { protectReferences, restoreReferences } from './references.ts';
