import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';

/**
 * A minimal telnet client over any byte stream (a TCP socket or an SSH tunnel): it refuses every
 * option the server offers or asks for (DO → WONT, WILL → DONT), skips subnegotiations, unescapes
 * IAC IAC, and hands the rest on as text. Writes escape 0xFF and end lines with CR LF.
 */

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;

export class TelnetStream extends EventEmitter {
  private state: 'data' | 'iac' | 'option' | 'sb' | 'sb-iac' = 'data';
  private verb = 0;

  private readonly socket: Duplex;

  constructor(socket: Duplex) {
    super();
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.emit('close'));
    socket.on('end', () => this.emit('close'));
    socket.on('error', (err: Error) => this.emit('error', err));
  }

  private onData(chunk: Buffer): void {
    const out: number[] = [];
    for (const byte of chunk) {
      switch (this.state) {
        case 'data':
          if (byte === IAC) this.state = 'iac';
          else out.push(byte);
          break;
        case 'iac':
          if (byte === IAC) {
            out.push(IAC);
            this.state = 'data';
          } else if (byte === DO || byte === DONT || byte === WILL || byte === WONT) {
            this.verb = byte;
            this.state = 'option';
          } else if (byte === SB) {
            this.state = 'sb';
          } else {
            this.state = 'data'; // NOP, GA, AYT, …
          }
          break;
        case 'option':
          if (this.verb === DO) this.socket.write(Buffer.from([IAC, WONT, byte]));
          else if (this.verb === WILL) this.socket.write(Buffer.from([IAC, DONT, byte]));
          this.state = 'data';
          break;
        case 'sb':
          if (byte === IAC) this.state = 'sb-iac';
          break;
        case 'sb-iac':
          this.state = byte === SE ? 'data' : 'sb';
          break;
      }
    }
    if (out.length) this.emit('data', Buffer.from(out));
  }

  write(text: string): void {
    // NVT line ends are CR LF.
    const bytes = Buffer.from(text.replace(/\r(?!\n)/g, '\r\n'), 'utf8');
    const escaped: number[] = [];
    for (const b of bytes) {
      escaped.push(b);
      if (b === IAC) escaped.push(IAC);
    }
    this.socket.write(Buffer.from(escaped));
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
