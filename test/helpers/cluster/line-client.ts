import net from 'node:net';
import { sleep } from './ports.ts';

/** How long a line may wait for its `ok` before the client gives up on the connection. */
const ACK_TIMEOUT_MS = 3000;
const RECONNECT_EVERY_MS = 100;

/**
 * A client of LISTENER_APP: sends one line at a time and waits for `ok <line>`; when the
 * connection fails or the answer does not come, it reconnects (every 100 ms) and sends the same
 * line again. `acked` holds what the listener confirmed; `connectedAt` when each connection opened.
 */
export class LineClient {
  readonly acked: string[] = [];
  readonly connectedAt: number[] = [];
  readonly #port: number;
  #socket: net.Socket | undefined;
  #buffer = '';
  #waiting: { line: string; resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(port: number) {
    this.#port = port;
  }

  /** Sends `line` until it is acknowledged; throws once `deadline` (Date.now() ms) has passed. */
  async send(line: string, deadline: number): Promise<void> {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`"${line}" not acknowledged by the deadline`);
      try {
        const socket = this.#socket ?? (await this.#connect());
        await this.#exchange(socket, line);
        this.acked.push(line);
        return;
      } catch {
        this.#drop();
        await sleep(RECONNECT_EVERY_MS);
      }
    }
  }

  async close(): Promise<void> {
    this.#drop();
  }

  #exchange(socket: net.Socket, line: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ack')), ACK_TIMEOUT_MS);
      this.#waiting = {
        line,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      socket.write(`${line}\n`);
    }).finally(() => {
      this.#waiting = undefined;
    });
  }

  #connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: this.#port });
      socket.setEncoding('utf8');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        // Only the current connection's end matters: an old one closing must not drop its successor.
        const lost = () => this.#socket === socket && this.#drop();
        socket.on('error', lost);
        socket.on('close', lost);
        socket.on('data', (d: string) => this.#read(d));
        this.#socket = socket;
        this.connectedAt.push(Date.now());
        resolve(socket);
      });
    });
  }

  #read(data: string): void {
    this.#buffer += data;
    for (let at = this.#buffer.indexOf('\n'); at >= 0; at = this.#buffer.indexOf('\n')) {
      const answer = this.#buffer.slice(0, at);
      this.#buffer = this.#buffer.slice(at + 1);
      if (this.#waiting && answer === `ok ${this.#waiting.line}`) this.#waiting.resolve();
    }
  }

  #drop(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#buffer = '';
    socket?.destroy();
    this.#waiting?.reject(new Error('connection lost'));
  }
}
