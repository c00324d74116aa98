/**
 * Stream framing for the TCP listeners. Every decoder is fed raw chunks as they arrive (a frame may
 * be split across reads, or several packed into one) and returns what it could complete. Nothing a
 * client sends throws: bad bytes come back as `{ ok: false }` events for the listener to log.
 */

export const SOH = 0x01;
export const ACK = 0x06;
export const NAK = 0x15;

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string; bytes: number };

export interface FepFrame {
  /** The type character(s) before '=' ("1" market, "2" system). */
  type: string;
  text: string;
  /** The text was not valid UTF-8; it was decoded with U+FFFD replacement characters. */
  lossy: boolean;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8');

function decodeUtf8(bytes: Buffer): { text: string; lossy: boolean } {
  try {
    return { text: utf8Strict.decode(bytes), lossy: false };
  } catch {
    return { text: utf8Lossy.decode(bytes), lossy: true };
  }
}

/** Splits a frame body "<type>=<text>" and checks the type; exported for tests. */
export function parseFepBody(body: Buffer, types: ReadonlySet<string>): Decoded<FepFrame> {
  const eq = body.indexOf(0x3d); // '='
  if (eq < 0) return { ok: false, reason: "frame without '='", bytes: body.length + 2 };
  const type = body.subarray(0, eq).toString('latin1');
  if (!types.has(type)) {
    return { ok: false, reason: `unknown frame type "${type.slice(0, 16)}"`, bytes: body.length + 2 };
  }
  const { text, lossy } = decodeUtf8(body.subarray(eq + 1));
  return { ok: true, value: { type, text, lossy } };
}

/**
 * The old FEP protocol: SOH + type + '=' + text + SOH, no length and no acknowledgement.
 *
 * - Bytes between frames are reported once per run ("bytes outside a frame") and skipped.
 * - SOH SOH (an "empty frame") resynchronises: the second SOH opens the next frame, so a stray
 *   SOH in garbage costs at most one error, never the following good frame.
 * - A frame longer than maxFrame is reported and skipped up to its closing SOH.
 * - end() reports a partial frame left when the client went away; it is dropped.
 */
export class FepDecoder {
  private state: 'idle' | 'frame' | 'skip' = 'idle';
  private parts: Buffer[] = [];
  private size = 0;
  private outside = 0;
  private skipped = 0;

  private readonly types: ReadonlySet<string>;
  private readonly maxFrame: number;

  constructor(types: ReadonlySet<string> = new Set(['1', '2']), maxFrame = 64 * 1024) {
    this.types = types;
    this.maxFrame = maxFrame;
  }

  push(chunk: Buffer): Array<Decoded<FepFrame>> {
    const out: Array<Decoded<FepFrame>> = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'idle') {
        const soh = chunk.indexOf(SOH, i);
        if (soh < 0) {
          this.outside += chunk.length - i;
          break;
        }
        this.outside += soh - i;
        this.flushOutside(out);
        this.state = 'frame';
        i = soh + 1;
        continue;
      }
      const soh = chunk.indexOf(SOH, i);
      const end = soh < 0 ? chunk.length : soh;
      if (this.state === 'skip') {
        this.skipped += end - i;
        if (soh >= 0) {
          out.push({ ok: false, reason: `frame over ${this.maxFrame} bytes`, bytes: this.skipped + 2 });
          this.skipped = 0;
          this.state = 'idle';
        }
        i = end + (soh >= 0 ? 1 : 0);
        continue;
      }
      // state 'frame'
      const piece = chunk.subarray(i, end);
      if (this.size + piece.length > this.maxFrame) {
        this.skipped = this.size + piece.length;
        this.parts = [];
        this.size = 0;
        this.state = 'skip';
        if (soh >= 0) continue; // let 'skip' close it at the same SOH
        i = end;
        continue;
      }
      if (piece.length) {
        this.parts.push(Buffer.from(piece));
        this.size += piece.length;
      }
      if (soh < 0) break;
      i = soh + 1;
      if (this.size === 0) {
        // SOH SOH: the first was stray (or closed garbage); the second opens a frame.
        out.push({ ok: false, reason: 'empty frame', bytes: 1 });
        continue;
      }
      out.push(parseFepBody(Buffer.concat(this.parts, this.size), this.types));
      this.parts = [];
      this.size = 0;
      this.state = 'idle';
    }
    return out;
  }

  /** The connection closed: what was left over (a partial frame or trailing garbage), if anything. */
  end(): Array<Decoded<FepFrame>> {
    const out: Array<Decoded<FepFrame>> = [];
    this.flushOutside(out);
    if (this.state === 'frame' || this.state === 'skip') {
      out.push({ ok: false, reason: 'connection closed mid-frame', bytes: this.size + this.skipped + 1 });
    }
    this.state = 'idle';
    this.parts = [];
    this.size = 0;
    this.skipped = 0;
    return out;
  }

  private flushOutside(out: Array<Decoded<FepFrame>>): void {
    if (this.outside > 0) out.push({ ok: false, reason: 'bytes outside a frame', bytes: this.outside });
    this.outside = 0;
  }
}

/** Newline-delimited records (NDJSON, syslog non-transparent framing). CR before LF is dropped. */
export class LineDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;

  private readonly maxLine: number;

  constructor(maxLine = 64 * 1024) {
    this.maxLine = maxLine;
  }

  push(chunk: Buffer): Array<Decoded<string>> {
    const out: Array<Decoded<string>> = [];
    let i = 0;
    while (i < chunk.length) {
      const lf = chunk.indexOf(0x0a, i);
      const end = lf < 0 ? chunk.length : lf;
      const piece = chunk.subarray(i, end);
      if (!this.skipping && this.size + piece.length > this.maxLine) {
        this.skipping = true;
        this.parts = [];
      }
      if (this.skipping) this.size += piece.length;
      else if (piece.length) {
        this.parts.push(Buffer.from(piece));
        this.size += piece.length;
      }
      if (lf < 0) break;
      i = lf + 1;
      out.push(this.finish());
    }
    return out.filter((d) => !(d.ok && d.value === ''));
  }

  end(): Array<Decoded<string>> {
    if (this.size === 0 && !this.skipping) return [];
    const last = this.finish();
    return last.ok && last.value === '' ? [] : [last];
  }

  private finish(): Decoded<string> {
    const size = this.size;
    const skipped = this.skipping;
    let line = skipped ? '' : Buffer.concat(this.parts, size).toString('utf8');
    this.parts = [];
    this.size = 0;
    this.skipping = false;
    if (skipped) return { ok: false, reason: `line over ${this.maxLine} bytes`, bytes: size };
    if (line.endsWith('\r')) line = line.slice(0, -1);
    return { ok: true, value: line };
  }
}

/**
 * Syslog over TCP (RFC 6587): each message is either octet-counted ("<len> <msg>", starting with a
 * digit) or terminated by LF (starting with '<'). The choice is made per message, as rsyslog does.
 */
export class SyslogStreamDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private lines: LineDecoder;
  private mode: 'choose' | 'count' | 'discard' | 'line' = 'choose';
  private need = 0;

  private readonly maxMessage: number;

  constructor(maxMessage = 64 * 1024) {
    this.maxMessage = maxMessage;
    this.lines = new LineDecoder(maxMessage);
  }

  push(chunk: Buffer): Array<Decoded<string>> {
    const out: Array<Decoded<string>> = [];
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.mode === 'choose') {
        // Skip stray LFs between messages.
        let start = 0;
        while (start < this.buffer.length && (this.buffer[start] === 0x0a || this.buffer[start] === 0x0d))
          start++;
        this.buffer = this.buffer.subarray(start);
        if (!this.buffer.length) break;
        const first = this.buffer[0]!;
        if (first >= 0x30 && first <= 0x39) {
          const sp = this.buffer.indexOf(0x20);
          const digits = sp < 0 ? this.buffer.length : sp;
          if (digits > 9 || (sp >= 0 && !/^\d+$/.test(this.buffer.subarray(0, sp).toString('latin1')))) {
            this.mode = 'line'; // not a count after all: treat as one LF-terminated message
            continue;
          }
          if (sp < 0) break; // wait for the rest of the count
          this.need = Number(this.buffer.subarray(0, sp).toString('latin1'));
          this.buffer = this.buffer.subarray(sp + 1);
          this.mode = this.need > this.maxMessage ? 'discard' : 'count';
          if (this.mode === 'discard') {
            out.push({ ok: false, reason: `message over ${this.maxMessage} bytes`, bytes: this.need });
          }
          continue;
        }
        this.mode = 'line';
        continue;
      }
      if (this.mode === 'discard') {
        const drop = Math.min(this.need, this.buffer.length);
        this.need -= drop;
        this.buffer = this.buffer.subarray(drop);
        if (this.need > 0) break;
        this.mode = 'choose';
        continue;
      }
      if (this.mode === 'count') {
        if (this.buffer.length < this.need) break;
        const body = this.buffer.subarray(0, this.need);
        this.buffer = this.buffer.subarray(this.need);
        out.push({ ok: true, value: body.toString('utf8') });
        this.mode = 'choose';
        continue;
      }
      // line mode: one message up to LF, then choose again.
      const lf = this.buffer.indexOf(0x0a);
      if (lf < 0) {
        out.push(...this.lines.push(this.buffer));
        this.buffer = Buffer.alloc(0);
        break;
      }
      out.push(...this.lines.push(this.buffer.subarray(0, lf + 1)));
      this.buffer = this.buffer.subarray(lf + 1);
      this.mode = 'choose';
    }
    return out;
  }

  end(): Array<Decoded<string>> {
    const out = this.mode === 'line' ? this.lines.end() : [];
    if (this.mode === 'count' || this.mode === 'discard') {
      out.push({ ok: false, reason: 'connection closed mid-message', bytes: this.buffer.length });
    }
    this.mode = 'choose';
    this.buffer = Buffer.alloc(0);
    return out;
  }
}
