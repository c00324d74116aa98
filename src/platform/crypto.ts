import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { link, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, OpsbotError } from './errors.ts';
import { makePrivateDir } from './private-files.ts';

/**
 * Secrets at rest: AES-256-GCM with a 32-byte master key. The ciphertext format is self-describing
 * (`v1:<iv>:<tag>:<ciphertext>`, base64 parts) so the scheme can change later without guessing.
 */

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed on purpose: the same secret must derive the same key on every start and every host. */
const SCRYPT_SALT = 'opsbot/master-key/v1';
export const MASTER_KEY_FILE = 'master.key';

export function encrypt(key: Buffer, plaintext: string): string {
  checkKey(key);
  // A fresh IV per message: reusing one under GCM with the same key leaks plaintext and the auth key.
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

/** Throws OpsbotError DECRYPT when the text is malformed, was tampered with, or the key is wrong. */
export function decrypt(key: Buffer, text: string): string {
  checkKey(key);
  const parts = text.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new OpsbotError('DECRYPT', 'not an opsbot ciphertext (expected v1:<iv>:<tag>:<data>)');
  }
  const iv = Buffer.from(parts[1]!, 'base64');
  const tag = Buffer.from(parts[2]!, 'base64');
  const ciphertext = Buffer.from(parts[3]!, 'base64');
  // A short tag would weaken authentication; Node accepts them unless told the length.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new OpsbotError('DECRYPT', 'malformed ciphertext (bad IV or tag length)');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (err) {
    throw new OpsbotError('DECRYPT', 'decryption failed: wrong master key or tampered data', { cause: err });
  }
}

/**
 * Turns the configured secret into a key: base64 or hex of exactly 32 bytes is used as is (that is
 * what loadOrCreateMasterKeyFile writes); anything else is a passphrase, stretched with scrypt.
 */
export function deriveMasterKey(secret: string): Buffer {
  const trimmed = secret.trim();
  if (trimmed === '') throw new OpsbotError('MASTER_KEY', 'the master key is empty');
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const raw = Buffer.from(trimmed, 'base64');
    if (raw.length === KEY_BYTES) return raw;
  }
  return scryptSync(trimmed, SCRYPT_SALT, KEY_BYTES);
}

/**
 * Returns the key kept in `<dataDir>/master.key`, generating it on first use. The file is created
 * with mode 0600 from the start (umask can only narrow that), and published with link() so a
 * concurrent starter either wins or reads the complete key, never an empty or half-written file.
 */
export async function loadOrCreateMasterKeyFile(dataDir: string): Promise<{ key: string; created: boolean }> {
  const path = join(dataDir, MASTER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing !== undefined) return { key: existing, created: false };

  makePrivateDir(dataDir, 'dataDir');
  const key = randomBytes(KEY_BYTES).toString('base64');
  const tmp = join(dataDir, `.${MASTER_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${key}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
    return { key, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Someone else created it between our read and our link: theirs wins.
    const winner = await readKeyFile(path);
    if (winner === undefined) throw err;
    return { key: winner, created: false };
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

async function readKeyFile(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OpsbotError('MASTER_KEY', `cannot read ${path}: ${errorMessage(err)}`, { cause: err });
  }
  const key = text.trim();
  if (key === '')
    throw new OpsbotError(
      'MASTER_KEY',
      `${path} is empty; restore the key from a backup (stored tokens need it)`,
    );
  return key;
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) {
    throw new OpsbotError('MASTER_KEY', `the master key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }
}
