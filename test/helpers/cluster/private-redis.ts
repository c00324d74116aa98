import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, sleep } from './ports.ts';

/** Answers PING with +PONG: the server is up and accepts commands (not only the port). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d;
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

/**
 * A redis-server of the test's own, on a free port, in memory only (`--save ""`, no AOF): every
 * opsbot key lives under the fixed prefix `opsbot`, so daemons of tests running at once must not
 * share a Redis. `kill()` + `start()` is a Redis restart that loses everything, as a crash without
 * persistence does.
 */
export class PrivateRedis {
  readonly port: number;
  readonly #dir: string;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  /** What redis-server printed (its log), for a failure message. */
  output = '';

  private constructor(port: number) {
    this.port = port;
    this.#dir = mkdtempSync(path.join(tmpdir(), 'opsbot-redis-'));
  }

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    try {
      await redis.start();
    } catch (err) {
      await redis.close();
      throw err;
    }
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts redis-server (empty) and resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.running) throw new Error('redis-server is already running');
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn('redis-server', [...args, '--dir', this.#dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stdout?.on('data', (d) => {
      this.output += d;
    });
    child.stderr?.on('data', (d) => {
      this.output += d;
    });
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!(await pong(this.port))) {
      if (!this.running || Date.now() > deadline)
        throw new Error(`redis-server did not come up on ${this.port}: ${this.output.slice(-2000)}`);
      await sleep(20);
    }
  }

  /** kill -9 of redis-server: every key is gone. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.#child?.kill('SIGKILL');
    await this.#exited;
  }

  async close(): Promise<void> {
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
