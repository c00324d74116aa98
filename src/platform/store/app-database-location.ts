import { createHash } from 'node:crypto';
import { join } from 'node:path';

// Where an app's database is, apart from opening it (app-database.ts): the daemon names the place
// for every store kind without loading a database driver.

const PG_IDENTIFIER_MAX = 63;

/**
 * Where one app's own database lives: a SQLite file under dataDir, or a schema of the store's
 * Postgres database. Plain data, so the daemon can hand it to the app's process over IPC.
 */
export type AppDatabaseLocation =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema: string };

/** `<dataDir>/apps/<app>/db.sqlite` — app names are already safe file names (letters, digits, - and _). */
export function appSqliteFile(dataDir: string, app: string): string {
  return join(dataDir, 'apps', app, 'db.sqlite');
}

/**
 * The Postgres schema of an app: `app_<name>` lower-cased with '-' as '_'. When that mapping loses
 * information (upper case, '-') or the name is too long, a hash of the exact name is appended so
 * two apps never share a schema. A store in a schema other than public (tests) prefixes it.
 */
export function appSchemaName(app: string, storeSchema = 'public'): string {
  const prefix = storeSchema === 'public' ? 'app_' : `${storeSchema}_app_`;
  const slug = app.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const plain = `${prefix}${slug}`;
  if (slug === app && plain.length <= PG_IDENTIFIER_MAX) return plain;
  const hash = createHash('sha256').update(app).digest('hex').slice(0, 8);
  return `${plain.slice(0, PG_IDENTIFIER_MAX - hash.length - 1)}_${hash}`;
}
