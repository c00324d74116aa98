import path from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';

/** How a log file rotates: by size, keeping `keep` old files (`x.log.1` … `x.log.N`). */
export interface LogRotation {
  /** Rotate once the file passes this many bytes. */
  maxSize: number;
  /** Rotated files kept beside the current one. */
  keep: number;
}

export interface LogFileOptions {
  rotation?: LogRotation;
  /** Called once per line that could not be written (disk full, unwritable folder, backlog). */
  onDrop?: () => void;
  /** After a write error, how long to wait before opening the file again. */
  retryAfterMs?: number;
  now?: () => number;
}

/** Lines kept in memory while the file waits to be reopened; more are dropped and counted. */
const HOLD_MAX = 256;
/** Lines beyond this many unwritten bytes are dropped: a slow or stuck disk must not grow the heap. */
const MAX_BACKLOG = 4 * 1024 * 1024;
export const DEFAULT_ROTATION: LogRotation = { maxSize: 10 * 1024 * 1024, keep: 5 };

/**
 * One log file, rotated by `rotating-file-stream`. A write never throws and never waits: while the
 * file cannot be written (ENOSPC, EACCES) lines are dropped and counted, and the file is reopened
 * after `retryAfterMs`, so a full disk neither blocks nor crashes the process that logs.
 */
export class LogFile {
  readonly file: string;
  /** Lines dropped since the file was last written successfully (reported, then reset). */
  private droppedSinceOk = 0;
  private totalDropped = 0;
  private stream: RotatingFileStream | null = null;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly held: string[] = [];
  /** Lines handed to the current stream and not yet confirmed written. */
  private unconfirmed = 0;
  private closed = false;
  private readonly options: LogFileOptions;

  constructor(file: string, options: LogFileOptions = {}) {
    this.file = path.resolve(file);
    this.options = options;
  }

  get dropped(): number {
    return this.totalDropped;
  }

  write(line: string): void {
    if (this.closed) return;
    const text = line.endsWith('\n') ? line : `${line}\n`;
    const stream = this.open();
    if (!stream) {
      this.hold(text);
      return;
    }
    if (stream.writableLength > MAX_BACKLOG) {
      this.drop();
      return;
    }
    this.noteDrops(stream);
    for (const held of this.held.splice(0)) this.send(stream, held);
    this.send(stream, text);
  }

  /**
   * While the file waits to be reopened, a few lines wait in memory (beyond HOLD_MAX they are
   * dropped and counted), and a timer reopens it by itself: the lines logged as the disk frees up
   * (the daemon saying the store writes again) are not lost for want of a later line.
   */
  private hold(text: string): void {
    if (this.held.length >= HOLD_MAX) this.drop();
    else this.held.push(text);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const wait = Math.max(0, this.retryAt - this.now());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flushHeld();
    }, wait);
    this.retryTimer.unref?.();
  }

  private flushHeld(): void {
    if (this.closed || (this.held.length === 0 && this.droppedSinceOk === 0)) return;
    const stream = this.open();
    if (!stream) {
      this.scheduleRetry();
      return;
    }
    this.noteDrops(stream);
    for (const text of this.held.splice(0)) this.send(stream, text);
  }

  /** Writes the "lines were dropped" note before the next line that gets through. */
  private noteDrops(stream: RotatingFileStream): void {
    if (this.droppedSinceOk === 0) return;
    const dropped = this.droppedSinceOk;
    const note = { level: 40, time: this.now(), msg: 'log lines were dropped', dropped };
    this.droppedSinceOk = 0;
    // Counted again if this attempt fails too, so the note that finally lands has the whole gap.
    stream.write(`${JSON.stringify(note)}\n`, (err) => {
      if (err) this.droppedSinceOk += dropped;
    });
  }

  /** A line handed to the stream counts as dropped if the stream fails before writing it. */
  private send(stream: RotatingFileStream, text: string): void {
    this.unconfirmed++;
    stream.write(text, (err) => {
      if (!err) this.unconfirmed = Math.max(0, this.unconfirmed - 1);
    });
  }

  /** Flushes what is buffered and closes the file. */
  close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const _ of this.held.splice(0)) this.drop();
    const stream = this.stream;
    this.stream = null;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once('error', () => resolve());
      stream.end(() => resolve());
    });
  }

  private open(): RotatingFileStream | null {
    if (this.stream) return this.stream;
    if (this.now() < this.retryAt) return null;
    const rotation = this.options.rotation ?? DEFAULT_ROTATION;
    const stream = createStream(path.basename(this.file), {
      path: path.dirname(this.file),
      size: `${Math.max(1, Math.round(rotation.maxSize))}B`,
      rotate: rotation.keep,
      mode: 0o600,
    });
    stream.on('error', () => this.failed(stream));
    // Rotation problems (a rotated file that cannot be renamed) are not worth a crash either.
    stream.on('warning', () => {});
    this.stream = stream;
    return stream;
  }

  private failed(stream: RotatingFileStream): void {
    if (this.stream !== stream) return;
    this.stream = null;
    this.retryAt = this.now() + (this.options.retryAfterMs ?? 1000);
    // What was still buffered is lost with the stream: count every line of it as dropped.
    const lost = this.unconfirmed;
    this.unconfirmed = 0;
    for (let i = 0; i < lost; i++) this.drop();
    stream.destroy();
    this.scheduleRetry();
  }

  private drop(): void {
    this.droppedSinceOk++;
    this.totalDropped++;
    this.options.onDrop?.();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
