import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // Test files are not compiled: bin/opsbot ignores them too.
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) continue;
    latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function builtAt(): number {
  try {
    return statSync(path.join(ROOT, 'dist/.built')).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Whether the compiled runtime (dist/, scripts/build) is current, as bin/opsbot decides: built
 * after every source file changed. `make test` builds it first, so the end-to-end tests run the
 * CLI, daemon and built-in apps as users do; a checkout edited since runs its sources instead.
 */
export const COMPILED = builtAt() > newest(path.join(ROOT, 'src'));

/** The CLI's entry, and the SDK's module hook, in the form the tests run. */
export const CLI_MAIN = path.join(ROOT, COMPILED ? 'dist/cli/main.js' : 'src/cli/main.ts');
export const SDK_REGISTER = path.join(ROOT, COMPILED ? 'dist/sdk/register.js' : 'src/sdk/register.ts');
