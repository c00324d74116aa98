import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import type { Actor } from '../contracts/console.ts';
import { BUILD_ID } from '../platform/build-id.ts';
import { errorMessage, OpsbotError } from '../platform/errors.ts';

/**
 * The control channel: newline-delimited JSON over a unix socket in dataDir (mode 0600). One
 * request per line `{ id, cmd, args, actor }`, one answer per line `{ id, ok, result | error, build }`
 * (`build`: the daemon's compiled build, platform/build-id.ts, absent when it runs from the sources).
 * `actor` is the OS user running the CLI, for the audit log only: whoever can open the socket
 * (mode 0600, the daemon's own OS user) is admin anyway.
 */

/** Answers one request as `actor`; the daemon's checks the role and writes the audit log. */
export type ControlHandler = (method: string, args: unknown, actor: Actor) => Promise<unknown>;

/** The control socket's caller: admin, named after the CLI's OS user when it said who that is. */
export function socketActor(name: unknown): Actor {
  const ok = typeof name === 'string' && /^[^\s\u0000-\u001f]{1,64}$/.test(name);
  return { name: ok ? name : 'cli', role: 'admin', via: 'cli' };
}

interface Answer {
  id: number;
  ok: boolean;
  result?: unknown;
  /** The daemon's build (platform/build-id.ts), when it runs compiled. */
  build?: string;
  error?: { code: string; message: string; exitCode: number };
}

export class ControlServer {
  private server: net.Server | null = null;
  private readonly socketPath: string;
  private readonly handler: ControlHandler;

  constructor(socketPath: string, handler: ControlHandler) {
    this.socketPath = socketPath;
    this.handler = handler;
  }

  async listen(): Promise<void> {
    const server = net.createServer((socket) => this.serve(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Only the owner may talk to the daemon: create the socket with no group/other bits.
      const oldMask = process.umask(0o177);
      server.listen(this.socketPath, () => {
        process.umask(oldMask);
        server.off('error', reject);
        resolve();
      });
    });
    chmodSync(this.socketPath, 0o600);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    if (existsSync(this.socketPath)) unlinkSync(this.socketPath);
  }

  private serve(socket: net.Socket): void {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim()) void this.answer(socket, line);
      }
    });
  }

  private async answer(socket: net.Socket, line: string): Promise<void> {
    let id = 0;
    let answer: Answer;
    try {
      const req = JSON.parse(line) as { id: number; cmd: string; args?: unknown; actor?: unknown };
      id = req.id;
      const result = await this.handler(req.cmd, req.args ?? {}, socketActor(req.actor));
      answer = { id, ok: true, result, ...(BUILD_ID ? { build: BUILD_ID } : {}) };
    } catch (err) {
      const e = err instanceof OpsbotError ? err : undefined;
      answer = {
        id,
        ok: false,
        error: { code: e?.code ?? 'INTERNAL', message: errorMessage(err), exitCode: e?.exitCode ?? 1 },
      };
    }
    if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
  }
}

/** Who runs this process, for the daemon's audit log ('cli' when the OS cannot say). */
export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'cli';
  }
}

/** Connects, sends one command, waits for its answer. Throws NOT_RUNNING when nobody listens. */
export async function controlRequest(
  socketPath: string,
  cmd: string,
  args: unknown = {},
  timeoutMs = 60_000,
): Promise<unknown> {
  return (await controlExchange(socketPath, cmd, args, timeoutMs)).result;
}

/** The same, with the build of the daemon that answered (undefined when it runs from the sources). */
export function controlExchange(
  socketPath: string,
  cmd: string,
  args: unknown = {},
  timeoutMs = 60_000,
): Promise<{ result: unknown; build?: string | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new OpsbotError('TIMEOUT', `the daemon did not answer "${cmd}" within ${timeoutMs / 1000}s`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ id: 1, cmd, args, actor: osUser() })}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      socket.end();
      const answer = JSON.parse(buffer.slice(0, nl)) as Answer;
      if (answer.ok) resolve({ result: answer.result, build: answer.build });
      else
        reject(
          new OpsbotError(answer.error?.code ?? 'INTERNAL', answer.error?.message ?? 'failed', {
            exitCode: answer.error?.exitCode ?? 1,
          }),
        );
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') {
        reject(new OpsbotError('NOT_RUNNING', 'opsbot is not running', { cause: err }));
      } else reject(err);
    });
  });
}

/**
 * Whether a daemon answers on this socket. A socket file nobody listens on (left by a daemon
 * killed with -9) is reported as 'stale' so start can remove it.
 */
export async function probeDaemon(socketPath: string): Promise<'running' | 'stale' | 'absent'> {
  if (!existsSync(socketPath)) return 'absent';
  try {
    await controlRequest(socketPath, 'ping', {}, 5000);
    return 'running';
  } catch (err) {
    if (err instanceof OpsbotError && err.code === 'NOT_RUNNING') return 'stale';
    throw err;
  }
}
