import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** Every regular file under a folder (not the control socket), recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    const stat = statSync(file);
    if (stat.isDirectory()) return filesUnder(file);
    return stat.isFile() ? [file] : [];
  });
}

/** No secret value in any CLI output and in no byte of any file under `dataDir`. */
export function expectNoSecrets(secrets: Record<string, string>, outputs: string[], dataDir: string): void {
  const files = filesUnder(dataDir);
  for (const [name, value] of Object.entries(secrets)) {
    for (const out of outputs) expect(out.includes(value), `${name} in CLI output`).toBe(false);
    for (const file of files)
      expect(readFileSync(file).includes(Buffer.from(value)), `${name} in ${file}`).toBe(false);
  }
}
