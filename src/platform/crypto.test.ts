import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decrypt, deriveMasterKey, encrypt, loadOrCreateMasterKeyFile } from './crypto.ts';
import { OpsbotError } from './errors.ts';

const key = randomBytes(32);

function decryptError(fn: () => unknown): OpsbotError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OpsbotError);
    return err as OpsbotError;
  }
  throw new Error('expected decrypt to throw');
}

describe('encrypt/decrypt', () => {
  it('round-trips text, including unicode and the empty string', () => {
    for (const text of ['xoxb-123-secret', '', 'ünïcødé 🔑 token', 'a'.repeat(10_000)]) {
      expect(decrypt(key, encrypt(key, text))).toBe(text);
    }
  });

  it('is self-describing and uses a fresh IV each time', () => {
    const a = encrypt(key, 'same');
    const b = encrypt(key, 'same');
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
    expect(Buffer.from(a.split(':')[1]!, 'base64')).toHaveLength(12);
    expect(a).not.toContain('same');
  });

  it('detects tampering with the ciphertext, tag or IV', () => {
    const [version, iv, tag, data] = encrypt(key, 'the real token').split(':') as [
      string,
      string,
      string,
      string,
    ];
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, 'base64');
      buf[0]! ^= 0x01;
      return buf.toString('base64');
    };
    for (const forged of [
      [version, iv, tag, flip(data)],
      [version, iv, flip(tag), data],
      [version, flip(iv), tag, data],
    ]) {
      expect(decryptError(() => decrypt(key, forged.join(':'))).code).toBe('DECRYPT');
    }
  });

  it('rejects a wrong key instead of returning garbage', () => {
    const text = encrypt(key, 'secret');
    const err = decryptError(() => decrypt(randomBytes(32), text));
    expect(err.code).toBe('DECRYPT');
    expect(err.message).toMatch(/wrong master key/);
  });

  it('rejects malformed input and short tags', () => {
    expect(decryptError(() => decrypt(key, 'plain text')).code).toBe('DECRYPT');
    expect(decryptError(() => decrypt(key, 'v2:a:b:c')).code).toBe('DECRYPT');
    const [version, iv, tag, data] = encrypt(key, 'x').split(':') as [string, string, string, string];
    const shortTag = Buffer.from(tag, 'base64').subarray(0, 4).toString('base64');
    expect(decryptError(() => decrypt(key, [version, iv, shortTag, data].join(':'))).code).toBe('DECRYPT');
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => encrypt(randomBytes(16), 'x')).toThrow(/32 bytes/);
  });
});

describe('deriveMasterKey', () => {
  it('uses base64 or hex of exactly 32 bytes as the key itself', () => {
    const raw = randomBytes(32);
    expect(deriveMasterKey(raw.toString('base64')).equals(raw)).toBe(true);
    expect(deriveMasterKey(raw.toString('base64url')).equals(raw)).toBe(true);
    expect(deriveMasterKey(raw.toString('hex')).equals(raw)).toBe(true);
    expect(deriveMasterKey(`${raw.toString('hex').toUpperCase()}\n`).equals(raw)).toBe(true);
  });

  it('stretches anything else with scrypt, deterministically', () => {
    const a = deriveMasterKey('correct horse battery staple');
    expect(a).toHaveLength(32);
    expect(deriveMasterKey('correct horse battery staple').equals(a)).toBe(true);
    expect(deriveMasterKey('correct horse battery stapler').equals(a)).toBe(false);
    // 16 bytes of base64 is not a key: it is treated as a passphrase.
    const short = randomBytes(16).toString('base64');
    expect(deriveMasterKey(short).equals(Buffer.from(short, 'base64'))).toBe(false);
    expect(deriveMasterKey(short)).toHaveLength(32);
  });

  it('rejects an empty secret', () => {
    expect(() => deriveMasterKey('  ')).toThrow(OpsbotError);
  });
});

describe('loadOrCreateMasterKeyFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsbot-crypto-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a 0600 key file on first use and reuses it after', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const first = await loadOrCreateMasterKeyFile(dataDir);
    expect(first.created).toBe(true);
    expect(deriveMasterKey(first.key)).toHaveLength(32);
    expect(Buffer.from(first.key, 'base64')).toHaveLength(32);

    const file = join(dataDir, 'master.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.key);

    const second = await loadOrCreateMasterKeyFile(dataDir);
    expect(second).toEqual({ key: first.key, created: false });
  });

  it('concurrent first calls agree on one key and leave no temp files', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateMasterKeyFile(dir)));
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await readdir(dir)).toEqual(['master.key']);
  });

  it('keeps a key the operator put there, and refuses an empty file', async () => {
    await writeFile(join(dir, 'master.key'), 'my passphrase\n', { mode: 0o600 });
    expect(await loadOrCreateMasterKeyFile(dir)).toEqual({ key: 'my passphrase', created: false });
    await writeFile(join(dir, 'master.key'), '\n');
    await expect(loadOrCreateMasterKeyFile(dir)).rejects.toMatchObject({ code: 'MASTER_KEY' });
  });
});
