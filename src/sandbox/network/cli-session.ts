import { type Socket, connect as tcpConnect } from 'node:net';
import type { VirtualDevice } from './model.ts';

/**
 * One Cisco-like exec session on a virtual device, transport-agnostic: the SSH shell channel and
 * the telnet server feed it input and give it a write function. Commands: `enable`,
 * `terminal length N`, `show interface(s) status` (paged with --More-- when N > 0),
 * `telnet <host> [port]` (connects onward and relays until the far end closes), `exit`.
 */

export interface SessionIo {
  write(text: string | Buffer): void;
  end(): void;
}

export class CliSession {
  private line = '';
  private privileged = false;
  private pageLength = 24;
  private paging: string[] | null = null;
  private pagingStarted = false;
  private onward: Socket | null = null;
  private closed = false;
  private readonly device: VirtualDevice;
  private readonly io: SessionIo;

  constructor(device: VirtualDevice, io: SessionIo) {
    this.device = device;
    this.io = io;
  }

  prompt(): void {
    this.io.write(`${this.device.name}${this.privileged ? '#' : '>'}`);
  }

  /** Bytes typed by the client (IAC already removed). */
  input(data: Buffer): void {
    if (this.closed) return;
    if (this.onward) {
      this.onward.write(data);
      return;
    }
    const text = data.toString('utf8');
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.paging) {
        this.page(ch === '\r' || ch === '\n' ? 1 : ch === 'q' ? 0 : this.pageLength);
        if (ch === '\r' && text[i + 1] === '\n') i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && (text[i + 1] === '\n' || text[i + 1] === '\0')) i++;
        const line = this.line;
        this.line = '';
        this.io.write('\r\n');
        this.command(line.trim());
        // command() may have connected onward or closed the session.
        const onward = this.onward as Socket | null;
        if (onward || this.closed) {
          const rest = text.slice(i + 1);
          if (rest && onward) onward.write(rest);
          return;
        }
      } else if (ch === '\x7f' || ch === '\b') {
        this.line = this.line.slice(0, -1);
      } else if (ch >= ' ') {
        this.line += ch;
        this.io.write(ch);
      }
    }
  }

  private command(line: string): void {
    const words = line.split(/\s+/).filter(Boolean);
    const [first = '', second = '', third = ''] = words.map((w) => w.toLowerCase());
    const abbrev = (word: string, full: string, min: number) => word.length >= min && full.startsWith(word);
    if (!words.length) {
      this.prompt();
    } else if (abbrev(first, 'enable', 2)) {
      this.privileged = true;
      this.prompt();
    } else if (['exit', 'logout', 'quit'].includes(first)) {
      this.close();
    } else if (abbrev(first, 'terminal', 4) && abbrev(second, 'length', 3) && /^\d+$/.test(third)) {
      this.pageLength = Number(third);
      this.prompt();
    } else if (abbrev(first, 'show', 2) && abbrev(second, 'interfaces', 3) && abbrev(third, 'status', 2)) {
      this.output(this.device.showInterfaceStatus());
    } else if (first === 'telnet' && words[1]) {
      this.telnet(words[1], Number(words[2] ?? 23));
    } else {
      const marker = `${' '.repeat(this.device.name.length + 1)}^`;
      this.io.write(`${marker}\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
      this.prompt();
    }
  }

  private output(text: string): void {
    const lines = text.replace(/\r\n$/, '').split('\r\n');
    if (this.pageLength === 0 || lines.length <= this.pageLength) {
      this.io.write(`${lines.join('\r\n')}\r\n`);
      this.prompt();
      return;
    }
    this.paging = lines;
    this.pagingStarted = false;
    this.page(this.pageLength);
  }

  private page(count: number): void {
    const lines = this.paging!;
    if (count === 0) lines.length = 0;
    const first = !this.pagingStarted;
    this.pagingStarted = true;
    const chunk = lines.splice(0, count);
    // Cisco erases the --More-- marker with backspaces before the next page.
    const erase = first ? '' : '\b\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b\b';
    this.io.write(`${erase}${chunk.map((l) => `${l}\r\n`).join('')}`);
    if (lines.length) this.io.write(' --More-- ');
    else {
      this.paging = null;
      this.prompt();
    }
  }

  private telnet(host: string, port: number): void {
    this.io.write(`Trying ${host}, ${port} ... `);
    const socket = tcpConnect({ host, port });
    this.onward = socket;
    socket.once('connect', () => this.io.write('Open\r\n'));
    socket.on('data', (chunk: Buffer) => this.io.write(chunk));
    let failed = false;
    socket.once('error', (err: NodeJS.ErrnoException) => {
      failed = true;
      this.onward = null;
      const why = err.code === 'ECONNREFUSED' ? 'Connection refused by remote host' : err.message;
      this.io.write(`\r\n% ${why}\r\n\r\n`);
      this.prompt();
    });
    socket.once('close', () => {
      if (failed || this.closed) return;
      this.onward = null;
      this.io.write(`\r\n[Connection to ${host} closed by foreign host]\r\n`);
      this.prompt();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onward?.destroy();
    this.io.end();
  }
}
