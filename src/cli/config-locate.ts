import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { protectReferences, restoreReferences } from '../platform/config/references.ts';
import { errorMessage, OpsbotError, usageError } from '../platform/errors.ts';
import { isValidTimezone } from '../platform/time.ts';

// Which config a command uses and the few keys it needs without loading the whole config: light,
// so `status`, `stop` and `logs` do not load every connector to find a socket.

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

/** The config document as plain YAML, without resolving secrets or checking the schema. */
export function readRawConfig(file: string): Record<string, unknown> | null {
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
