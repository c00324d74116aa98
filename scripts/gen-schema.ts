/**
 * Writes schema/opsbot.schema.json from the zod config schema. `--check` only compares, and exits 1
 * when the committed file is stale (for CI and pre-commit hooks).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText, JSON_SCHEMA_PATH } from '../src/platform/config/json-schema.ts';

const target = fileURLToPath(new URL(`../${JSON_SCHEMA_PATH}`, import.meta.url));
const text = configJsonSchemaText();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is as stale as a wrong one.
  }
  if (current !== text) {
    console.error(`${JSON_SCHEMA_PATH} is out of date; run: npm run schema`);
    process.exit(1);
  }
  console.log(`${JSON_SCHEMA_PATH} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${JSON_SCHEMA_PATH}`);
}
