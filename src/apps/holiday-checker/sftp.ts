import { posix } from 'node:path';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { sshConnectConfig } from '../shared/ssh.ts';

/**
 * Copies the holiday files to the FEP servers over SFTP. Servers are independent: each one is tried
 * a few times and a failure is reported, never allowed to stop the others. Error texts come from
 * ssh2 and the SFTP server and never carry the password or key.
 */

export interface SftpServer {
  /** What reports call it. */
  name: string;
  host: string;
  port: number;
  username: string;
  /** Remote directory; it must exist. */
  path: string;
  password?: string;
  /** PEM / OpenSSH private key contents. */
  privateKey?: string | Buffer;
  passphrase?: string;
  /** "SHA256:…" as `ssh-keygen -l` prints it; when set, any other host key is refused. */
  hostFingerprint?: string;
}

export interface SftpFile {
  name: string;
  content: string | Buffer;
}

export interface UploadResult {
  server: string;
  ok: boolean;
  attempts: number;
  /** The last attempt's error. */
  error?: string;
}

export interface UploadOptions {
  /** Tries per server (default 3). */
  attempts?: number;
  /** Wait before the second try; doubles after each failure (default 1000 ms). */
  backoffMs?: number;
  /** Per attempt, connect included (default 30 s). */
  timeoutMs?: number;
  /** How to wait between tries (the app passes its clock). */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (server: string, attempt: number, error: string) => void;
}

export async function uploadToServers(
  servers: SftpServer[],
  files: SftpFile[],
  options: UploadOptions = {},
): Promise<UploadResult[]> {
  return Promise.all(servers.map((server) => uploadWithRetry(server, files, options)));
}

async function uploadWithRetry(
  server: SftpServer,
  files: SftpFile[],
  options: UploadOptions,
): Promise<UploadResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let wait = options.backoffMs ?? 1000;
  let error = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await uploadOnce(server, files, options.timeoutMs ?? 30_000);
      return { server: server.name, ok: true, attempts: attempt };
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      if (attempt === attempts) break;
      options.onRetry?.(server.name, attempt, error);
      await sleep(wait);
      wait *= 2;
    }
  }
  return { server: server.name, ok: false, attempts, error };
}

async function uploadOnce(server: SftpServer, files: SftpFile[], timeoutMs: number): Promise<void> {
  const conn = new Client();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const work = async () => {
    await connect(conn, sshConnectConfig(server, timeoutMs));
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      conn.sftp((err, s) => (err ? reject(err) : resolve(s))),
    );
    for (const file of files) await put(sftp, posix.join(server.path, file.name), file.content);
  };
  try {
    await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
    conn.end();
  }
}

function connect(conn: Client, config: ConnectConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    conn.once('ready', () => resolve());
    // `on`, not `once`: a second error event without a listener would crash the process.
    conn.on('error', (err) => reject(err));
    // A close before ready (host key refused, peer hung up) raises no error of its own.
    conn.once('close', () => reject(new Error('connection closed before login')));
    conn.connect(config);
  });
}

/**
 * Writes to a temporary name and renames over the target when the server allows it (OpenSSH's
 * posix-rename), so an FEP process never reads a half-written file; plain write otherwise.
 */
async function put(sftp: SFTPWrapper, target: string, content: string | Buffer): Promise<void> {
  const call = (fn: (cb: (err?: Error | null) => void) => void) =>
    new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
  const where = (err: unknown) => new Error(`${target}: ${err instanceof Error ? err.message : String(err)}`);
  const temp = `${target}.opsbot-tmp`;
  try {
    await call((cb) => sftp.writeFile(temp, content, cb));
  } catch (err) {
    throw where(err);
  }
  try {
    await call((cb) => sftp.ext_openssh_rename(temp, target, cb));
    return;
  } catch {
    // No posix-rename: fall back to writing in place, and leave no temp file behind.
    await call((cb) => sftp.unlink(temp, cb)).catch(() => undefined);
  }
  try {
    await call((cb) => sftp.writeFile(target, content, cb));
  } catch (err) {
    throw where(err);
  }
}
