/**
 * Test-only: real OpenSSH servers on 127.0.0.1 for the SSH and SFTP tests. `make test` installs
 * openssh-server (scripts/ensure-test-deps); without it `startTestSshd` fails saying so, never skips.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import path from 'node:path';

export const SSHD = '/usr/sbin/sshd';

/** Why the SSH tests cannot run here, in words that say what to install. */
export const SSHD_MISSING = `${SSHD} is missing: run make test (it installs openssh-server) or apt-get install openssh-server`;

/** A TCP port on 127.0.0.1 that nobody listens on (right now). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface KeyPair {
  privateKeyFile: string;
  publicKeyFile: string;
  /** "SHA256:…" as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

/** An unencrypted ed25519 key pair at `dir/name` and `dir/name.pub`. */
export function makeKeyPair(dir: string, name: string): KeyPair {
  const privateKeyFile = path.join(dir, name);
  const publicKeyFile = `${privateKeyFile}.pub`;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', privateKeyFile]);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', publicKeyFile]).toString().split(' ')[1]!;
  return { privateKeyFile, publicKeyFile, fingerprint };
}

export interface TestSshd {
  port: number;
  child: ChildProcess;
  /** Of `dir/host_key`, which every sshd started in `dir` shares. */
  hostFingerprint: string;
  stop(): Promise<void>;
}

/**
 * Starts an sshd that trusts `authorizedKeys` (public key lines) and resolves once its port accepts
 * connections. Its files are `dir/<name>.*`; the host key `dir/host_key` is made on first use.
 * `extraConfig` lines are appended to the sshd_config (e.g. "Subsystem sftp internal-sftp").
 */
export async function startTestSshd(opts: {
  dir: string;
  name: string;
  authorizedKeys: string;
  extraConfig?: string[];
}): Promise<TestSshd> {
  const { dir, name } = opts;
  if (!existsSync(SSHD)) throw new Error(SSHD_MISSING);
  // sshd insists on its privilege-separation directory even in -D mode.
  await mkdir('/run/sshd', { recursive: true });
  const hostKey = path.join(dir, 'host_key');
  const hostFingerprint = existsSync(hostKey)
    ? execFileSync('ssh-keygen', ['-l', '-f', `${hostKey}.pub`])
        .toString()
        .split(' ')[1]!
    : makeKeyPair(dir, 'host_key').fingerprint;
  const port = await freePort();
  const keysFile = path.join(dir, `${name}.authorized_keys`);
  await writeFile(keysFile, opts.authorizedKeys, { mode: 0o600 });
  const config = path.join(dir, `${name}.sshd_config`);
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, `${name}.pid`)}`,
      `AuthorizedKeysFile ${keysFile}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      ...(opts.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd ${name} exited: ${stderr}`);
    if (await accepts(port)) return { port, child, hostFingerprint, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`sshd ${name} did not listen on ${port}: ${stderr}`);
}
