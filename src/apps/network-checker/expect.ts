import type { EventEmitter } from 'node:events';

/** Collects a session's output and waits for patterns in it (prompts, login questions). */

export interface TextChannel extends EventEmitter {
  write(text: string): void;
}

interface Waiter {
  patterns: RegExp[];
  resolve(value: { index: number; text: string }): void;
  reject(err: Error): void;
}

export class Expect {
  private buffer = '';
  private waiter: Waiter | null = null;
  private closed: Error | null = null;

  readonly channel: TextChannel;

  constructor(channel: TextChannel, signal: AbortSignal) {
    this.channel = channel;
    channel.on('data', (chunk: Buffer | string) => {
      this.buffer += chunk.toString();
      this.check();
    });
    const fail = (err: Error) => {
      this.closed ??= err;
      this.waiter?.reject(this.closed);
      this.waiter = null;
    };
    channel.on('close', () => fail(new Error(`connection closed; last output: ${this.tail()}`)));
    channel.on('error', (err: Error) => fail(err));
    signal.addEventListener('abort', () => fail(signal.reason ?? new Error('aborted')), { once: true });
  }

  private tail(): string {
    return JSON.stringify(this.buffer.slice(-80));
  }

  private check(): void {
    const w = this.waiter;
    if (!w) return;
    for (const [index, re] of w.patterns.entries()) {
      const m = re.exec(this.buffer);
      if (m) {
        const end = m.index + m[0].length;
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end);
        this.waiter = null;
        w.resolve({ index, text });
        return;
      }
    }
  }

  /** Resolves with which pattern matched first and everything up to the end of the match. */
  wait(...patterns: RegExp[]): Promise<{ index: number; text: string }> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      this.waiter = { patterns, resolve, reject };
      this.check();
    });
  }

  send(line: string): void {
    this.channel.write(`${line}\r`);
  }
}
