import { createHash } from 'node:crypto';
import { z } from 'opsbot';
import type { ConnectConfig } from 'ssh2';

/**
 * SSH server options the built-in apps share, and the ssh2 connection settings made from them.
 * Apps spread `sshServerFields` into their own object (adding e.g. a name, a remote path or a
 * command) and refine it with `hasSshAuth`.
 */

export const sshServerFields = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  /** OpenSSH/PEM private key file, relative to the daemon's working directory. */
  privateKeyFile: z.string().optional(),
  passphrase: z.string().optional(),
  /** A secret reference in opsbot.yaml; resolved before the app sees it. */
  password: z.string().optional(),
  /** Pin the host key: "SHA256:…" from `ssh-keygen -lf <host key>.pub`. */
  hostFingerprint: z.string().optional(),
};

/** For `.refine(hasSshAuth, SSH_AUTH_ERROR)`: a server needs a key file or a password. */
export function hasSshAuth(s: {
  privateKeyFile?: string | undefined;
  password?: string | undefined;
}): boolean {
  return s.privateKeyFile !== undefined || s.password !== undefined;
}

export const SSH_AUTH_ERROR = 'give privateKeyFile or password';

/** Where and how to connect; the key is the file's contents, read by the caller. */
export interface SshTarget {
  host: string;
  port: number;
  username: string;
  /** PEM / OpenSSH private key contents. */
  privateKey?: string | Buffer | undefined;
  passphrase?: string | undefined;
  password?: string | undefined;
  /** "SHA256:…" as `ssh-keygen -l` prints it; when set, any other host key is refused. */
  hostFingerprint?: string | undefined;
}

function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** ssh2 settings for `target`; `timeoutMs` bounds the handshake. */
export function sshConnectConfig(target: SshTarget, timeoutMs: number): ConnectConfig {
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.username,
    readyTimeout: timeoutMs,
  };
  if (target.privateKey !== undefined) config.privateKey = target.privateKey;
  if (target.passphrase !== undefined) config.passphrase = target.passphrase;
  if (target.password !== undefined) config.password = target.password;
  const pinned = target.hostFingerprint;
  if (pinned) config.hostVerifier = (key: Buffer) => hostKeyFingerprint(key) === pinned.trim();
  return config;
}
