import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeHash } from './fingerprint.ts';
import { localImportGraph } from './import-graph.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-fingerprint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

file('lib/deep.ts', 'export const deep = 1;\n');
file('lib/shared.ts', "export { deep } from './deep.js';\nexport const shared = 1;\n");
file('lib/data.json', '{"n": 1}\n');
file('node_modules/pkg/index.js', 'export const pkg = 1;\n');
file('unrelated.ts', 'export const nobodyImportsMe = 1;\n');
const apps = {
  a: file(
    'a.ts',
    "import { shared } from './lib/shared.ts';\nimport data from './lib/data.json' with { type: 'json' };\n",
  ),
  b: file('b.ts', "const { shared } = await import('./lib/shared');\n"),
  c: file('c.ts', "import { z } from 'zod';\nimport { pkg } from './node_modules/pkg/index.js';\n"),
};
const hashes = () => Object.fromEntries(Object.entries(apps).map(([name, f]) => [name, codeHash(f)]));
const changed = (before: Record<string, string>) =>
  Object.entries(hashes())
    .filter(([name, h]) => before[name] !== h)
    .map(([name]) => name);

describe('an app code fingerprint is its local import graph', () => {
  it('follows relative imports transitively (.js for .ts, no extension, json), not packages', () => {
    const rel = (files: string[]) => files.map((f) => path.relative(dir, f));
    expect(rel(localImportGraph(apps.a))).toEqual(['a.ts', 'lib/data.json', 'lib/deep.ts', 'lib/shared.ts']);
    expect(rel(localImportGraph(apps.b))).toEqual(['b.ts', 'lib/deep.ts', 'lib/shared.ts']);
    expect(rel(localImportGraph(apps.c))).toEqual(['c.ts']);
  });

  it('an edit changes the hash of exactly the apps whose graph holds the file', () => {
    let before = hashes();
    file('c.ts', "import { z } from 'zod';\nexport const edited = true;\n");
    expect(changed(before)).toEqual(['c']);
    before = hashes();
    file('lib/deep.ts', 'export const deep = 2;\n');
    expect(changed(before)).toEqual(['a', 'b']);
    before = hashes();
    file('lib/data.json', '{"n": 2}\n');
    expect(changed(before)).toEqual(['a']);
    before = hashes();
    file('unrelated.ts', 'export const nobodyImportsMe = 2;\n');
    expect(changed(before)).toEqual([]);
    expect(hashes()).toEqual(before);
  });
});
