import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parse, parseDocument } from 'yaml';
import { resolveAppModule } from '../daemon/app-module.ts';
import { loadOptions } from '../daemon/config.ts';
import { locateSyntaxError } from '../daemon/syntax-check.ts';
import { lineOf } from '../platform/config/issues.ts';
import {
  type ConfigIssue,
  checkConfig,
  formatIssue,
  protectReferences,
  restoreReferences,
} from '../platform/config/load.ts';
import { isValidTimezone, lockWaitSchema } from '../platform/config/schema.ts';
import { errorMessage, OpsbotError, usageError } from '../platform/errors.ts';
import { importApp, parseAppOptions } from '../sdk/host/load.ts';

/**
 * Which config file a command uses: --config, then $OPSBOT_CONFIG, then ./opsbot.yaml, then (inside
 * an opsbot checkout, for `make start`) ./examples/opsbot.yaml.
 */
export function findConfigFile(option?: string): string {
  const explicit = option ?? process.env.OPSBOT_CONFIG;
  if (explicit) return path.resolve(explicit);
  for (const candidate of ['opsbot.yaml', 'examples/opsbot.yaml']) {
    if (existsSync(candidate)) return path.resolve(candidate);
  }
  throw usageError('no opsbot.yaml here; pass --config FILE or set OPSBOT_CONFIG');
}

/** Every problem in the config, including each app's `with:` checked by the app's own schema. */
export async function checkEverything(file: string) {
  const result = await checkConfig(file, loadOptions(file));
  if (!result.config) return result;
  const lines = yamlLines(file);
  for (const [name, app] of Object.entries(result.config.apps)) {
    const module = resolveAppModule(app.use, path.dirname(file));
    let loaded: Awaited<ReturnType<typeof importApp>>;
    try {
      loaded = await importApp(module);
    } catch (err) {
      // The module itself is wrong: say so at `use:`, naming the file and line of a syntax error.
      let message = errorMessage(err);
      if (message.startsWith('syntax error in an app file')) message = locateSyntaxError(module) ?? message;
      result.issues.push({ path: `apps.${name}.use`, line: lines(['apps', name, 'use']), message });
      continue;
    }
    try {
      parseAppOptions(loaded, app.with);
    } catch (err) {
      result.issues.push({
        path: `apps.${name}.with`,
        line: lines(['apps', name, 'with']),
        message: errorMessage(err),
      });
    }
  }
  return result;
}

/** Refuses a config with problems: each on its own line with file and line, then how many and `what` ("nothing was changed"). */
export function refuseIssues(file: string, issues: ConfigIssue[], what: string): void {
  if (!issues.length) return;
  for (const issue of issues) process.stderr.write(`${formatIssue(file, issue)}\n`);
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  throw new OpsbotError('CONFIG', `${count} in ${file}; ${what}`);
}

/** The YAML line of a path in the file, for issues found after loading (an app's own checks). */
function yamlLines(file: string): (at: string[]) => number | null {
  const counter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter });
  return (at) => lineOf(doc, counter, at);
}

/** The config document as plain YAML, without resolving secrets or checking the schema. */
function readRawConfig(file: string): Record<string, unknown> | null {
  if (!existsSync(file)) throw new OpsbotError('CONFIG', `config file not found: ${file}`);
  try {
    // `{ secret: ${env:X} }` is not valid YAML as written; config load reads it the same way.
    return restoreReferences(parse(protectReferences(readFileSync(file, 'utf8')))) as Record<
      string,
      unknown
    > | null;
  } catch (err) {
    throw new OpsbotError('CONFIG', `${path.basename(file)}: ${errorMessage(err).split('\n')[0]}`);
  }
}

/**
 * dataDir without resolving secrets, so `status`, `stop` and `logs` work in a shell that lacks the
 * secret environment variables.
 */
export function readDataDir(file: string): string {
  const dataDir = readRawConfig(file)?.['dataDir'];
  return path.resolve(path.dirname(file), typeof dataDir === 'string' ? dataDir : './data');
}

/** `lockWait` (ms) the same way, for commands that take the lock without loading the whole config. */
export function readLockWait(file: string): number {
  const parsed = lockWaitSchema.safeParse(readRawConfig(file)?.['lockWait']);
  if (!parsed.success) throw new OpsbotError('CONFIG', `lockWait: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The config's `timezone` (the system's when absent or not a zone), for printing times without loading secrets. */
export function readTimezone(file: string): string {
  const zone = readRawConfig(file)?.['timezone'];
  if (typeof zone === 'string' && isValidTimezone(zone)) return zone;
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** App names in the config (for unknown-app errors when the daemon is not running). */
export function readAppNames(file: string): string[] {
  const apps = readRawConfig(file)?.['apps'];
  return apps !== null && typeof apps === 'object' ? Object.keys(apps) : [];
}

export { loadDaemonConfig, loadOptions } from '../daemon/config.ts';
