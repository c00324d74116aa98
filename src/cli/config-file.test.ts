// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${env:…}` references.
import { afterAll, describe, expect, it } from 'vitest';
import { configFiles } from '../platform/config/test-helpers.ts';
import { readAppNames, readDataDir } from './config-file.ts';

const files = configFiles();
afterAll(() => files.cleanup());

describe('reading a config without resolving secrets (status, stop, logs)', () => {
  it('reads a reference inside a flow mapping, as the documented example writes it', async () => {
    const file = await files.write(
      'dataDir: ./d\nconnections:\n  sandbox: { type: sandbox, secret: ${env:SANDBOX_SECRET} }\napps: { a: { use: ./a.ts } }\n',
    );
    expect(readDataDir(file)).toBe(file.replace(/opsbot\.yaml$/, 'd'));
    expect(readAppNames(file)).toEqual(['a']);
  });
});
