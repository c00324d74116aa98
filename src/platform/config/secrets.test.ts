// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about `${…}` references in plain strings.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseTemplate,
  resolveSecrets,
  type SecretProvider,
  scrubSecrets,
  secretProviders,
} from './secrets.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsbot-secrets-'));
  await writeFile(join(dir, 'token.txt'), 'file-token-value\n\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const providers = (env: Record<string, string | undefined> = {}, extra?: SecretProvider[]) =>
  secretProviders({ env, baseDir: dir, extra });

describe('parseTemplate', () => {
  it('splits text and references', () => {
    expect(parseTemplate('Bearer ${env:TOKEN} at ${file:./a b.txt}')).toEqual([
      { text: 'Bearer ' },
      { scheme: 'env', ref: 'TOKEN', raw: '${env:TOKEN}' },
      { text: ' at ' },
      { scheme: 'file', ref: './a b.txt', raw: '${file:./a b.txt}' },
    ]);
  });

  it('reads $${ as a literal ${ and leaves non-references alone', () => {
    expect(parseTemplate('$${env:X} and ${HOME} and ${env:open')).toEqual([
      { text: '${env:X} and ${HOME} and ${env:open' },
    ]);
  });

  it('returns one empty text part for an empty string', () => {
    expect(parseTemplate('')).toEqual([{ text: '' }]);
  });
});

describe('resolveSecrets', () => {
  it('resolves references anywhere in nested values and records where they were', async () => {
    const input = {
      a: '${env:A}',
      list: ['x', 'pre-${env:A}-${file:token.txt}'],
      n: 3,
      literal: 'cost: $${env:A}',
    };
    const out = await resolveSecrets(input, providers({ A: 'alpha-secret' }));
    expect(out.issues).toEqual([]);
    expect(out.value).toEqual({
      a: 'alpha-secret',
      list: ['x', 'pre-alpha-secret-file-token-value'],
      n: 3,
      literal: 'cost: ${env:A}',
    });
    expect(out.secretValues).toEqual(['alpha-secret', 'file-token-value']);
    expect(out.references).toEqual([
      { path: ['a'], text: '${env:A}' },
      { path: ['list', 1], text: 'pre-${env:A}-${file:token.txt}' },
      { path: ['literal'], text: 'cost: $${env:A}' },
    ]);
  });

  it('trims the trailing newlines of a file and reads it relative to baseDir', async () => {
    const out = await resolveSecrets({ key: '${file:./token.txt}' }, providers());
    expect(out.value).toEqual({ key: 'file-token-value' });
  });

  it('names the missing reference and keeps its text, never another value', async () => {
    const out = await resolveSecrets(
      { ok: '${env:SET}', bad: 'x-${env:SET}-${env:WORKS_CLIENT_SECRET}' },
      providers({ SET: 'visible-if-leaked' }),
    );
    expect(out.issues).toEqual([
      { path: ['bad'], message: 'missing secret ${env:WORKS_CLIENT_SECRET}: not set in the environment' },
    ]);
    expect(out.value).toEqual({ ok: 'visible-if-leaked', bad: 'x-${env:SET}-${env:WORKS_CLIENT_SECRET}' });
  });

  it('treats an empty env var as missing', async () => {
    const out = await resolveSecrets('${env:EMPTY}', providers({ EMPTY: '' }));
    expect(out.issues).toEqual([
      { path: [], message: 'missing secret ${env:EMPTY}: set but empty in the environment' },
    ]);
  });

  it('reports a missing file with its absolute path', async () => {
    const out = await resolveSecrets({ k: '${file:nope.key}' }, providers());
    expect(out.issues).toEqual([
      { path: ['k'], message: `missing secret \${file:nope.key}: file not found: ${join(dir, 'nope.key')}` },
    ]);
  });

  it('says vault is not configured when no vault provider is registered', async () => {
    const out = await resolveSecrets({ k: '${vault:db-password}' }, providers());
    expect(out.issues).toEqual([
      { path: ['k'], message: 'cannot resolve ${vault:db-password}: vault is not configured' },
    ]);
  });

  it('rejects unknown schemes and empty references', async () => {
    const out = await resolveSecrets({ a: '${evn:X}', b: '${env:}' }, providers());
    expect(out.issues).toEqual([
      { path: ['a'], message: 'unknown secret scheme "evn" in ${evn:X} (known: env, file)' },
      { path: ['b'], message: 'empty secret reference ${env:}' },
    ]);
  });

  it('uses registered providers, each reference resolved once', async () => {
    const calls: string[] = [];
    const vault: SecretProvider = {
      scheme: 'vault',
      async resolve(name) {
        calls.push(name);
        return `vault-${name}`;
      },
    };
    const out = await resolveSecrets(['${vault:db}', '${vault:db}', 'x${vault:db}'], providers({}, [vault]));
    expect(out.value).toEqual(['vault-db', 'vault-db', 'xvault-db']);
    expect(calls).toEqual(['db']);
    expect(out.secretValues).toEqual(['vault-db']);
  });

  it('wraps a provider failure with the reference name', async () => {
    const broken: SecretProvider = {
      scheme: 'vault',
      async resolve() {
        throw new Error('403 from vault');
      },
    };
    const out = await resolveSecrets('${vault:x}', providers({}, [broken]));
    expect(out.issues).toEqual([{ path: [], message: 'missing secret ${vault:x}: 403 from vault' }]);
  });
});

describe('scrubSecrets', () => {
  it('replaces every occurrence, longest value first', () => {
    expect(scrubSecrets('token=abcd1234 and abcd1234, sub abcd', ['abcd', 'abcd1234'])).toBe(
      'token=[secret] and [secret], sub [secret]',
    );
  });

  it('leaves values shorter than 4 characters alone', () => {
    expect(scrubSecrets('port 123 on abc', ['123', 'abc'])).toBe('port 123 on abc');
  });

  it('also catches JSON-escaped and URL-encoded forms', () => {
    const key = '-----BEGIN KEY-----\nMIIEvQ"x\n-----END KEY-----';
    const json = JSON.stringify({ key, url: `https://x/?t=${encodeURIComponent('a b&c=d')}` });
    expect(scrubSecrets(json, [key, 'a b&c=d'])).toBe('{"key":"[secret]","url":"https://x/?t=[secret]"}');
  });
});
