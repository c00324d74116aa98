/**
 * Load generator for market-alert: FEP frames over many TCP connections, and syslog over UDP/TCP.
 * Used by tests and benches, and from the command line:
 *
 *   node src/sandbox/load/alert-load.ts fep --port 9100 --count 1000 --connections 50 [--ack]
 *   node src/sandbox/load/alert-load.ts syslog --port 5514 --protocol udp --format 5424 --count 100
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { parseArgs } from 'node:util';

const SOH = 0x01;
const ACK = 0x06;
const NAK = 0x15;

export interface FepFrameInput {
  /** '1' market (default), '2' system. */
  type?: string;
  text: string;
}

export interface FepLoadOptions {
  host?: string;
  port: number;
  /** Parallel TCP connections; frames are dealt out round-robin. Default 1. */
  connections?: number;
  frames: Array<FepFrameInput | string>;
  /**
   * Wait for the server's ACK/NAK per frame (market-alert `fep.ack: true`); on a lost connection,
   * reconnect and resend every frame not yet answered. Without it frames are written and the
   * connection closed (the old protocol: no acknowledgement, a frame in flight at a crash is lost).
   */
  ack?: boolean;
  /** Unanswered frames allowed in flight per connection (ack mode). Default 16. */
  window?: number;
  /** Split each write into pieces of this many bytes (tests split frames). Default: whole frames. */
  chunkSize?: number;
  /** Give up reconnecting after this long (ack mode). Default 30 s. */
  retryForMs?: number;
  /** Called after each answered frame (ack mode), e.g. to kill the server mid-burst. */
  onAck?: (acked: number) => void;
}

export interface FepLoadResult {
  written: number;
  acked: number;
  refused: number;
  /** Frames written again after a reconnect (ack mode): the upper bound of duplicates. */
  resent: number;
  reconnects: number;
  ms: number;
}

export function fepFrame(frame: FepFrameInput | string): Buffer {
  const f = typeof frame === 'string' ? { text: frame } : frame;
  return Buffer.concat([Buffer.of(SOH), Buffer.from(`${f.type ?? '1'}=${f.text}`, 'utf8'), Buffer.of(SOH)]);
}

function connect(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function writeChunks(socket: net.Socket, data: Buffer, chunkSize?: number): void {
  if (!chunkSize) {
    socket.write(data);
    return;
  }
  for (let i = 0; i < data.length; i += chunkSize) socket.write(data.subarray(i, i + chunkSize));
}

/** Sends frames over `connections` sockets; resolves when all are written (or answered, with ack). */
export async function sendFepFrames(options: FepLoadOptions): Promise<FepLoadResult> {
  const host = options.host ?? '127.0.0.1';
  const connections = Math.max(1, Math.min(options.connections ?? 1, options.frames.length || 1));
  const buckets: Buffer[][] = Array.from({ length: connections }, () => []);
  for (const [i, f] of options.frames.entries()) buckets[i % connections]!.push(fepFrame(f));
  const result: FepLoadResult = { written: 0, acked: 0, refused: 0, resent: 0, reconnects: 0, ms: 0 };
  const started = Date.now();
  const run = options.ack ? ackedConnection : plainConnection;
  await Promise.all(buckets.map((frames) => run(host, options, frames, result)));
  result.ms = Date.now() - started;
  return result;
}

async function plainConnection(host: string, o: FepLoadOptions, frames: Buffer[], r: FepLoadResult) {
  const socket = await connect(host, o.port);
  for (const frame of frames) {
    writeChunks(socket, frame, o.chunkSize);
    r.written++;
  }
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.end(() => resolve());
  });
  await new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
}

/** One connection in ack mode: a sliding window, and resend-from-the-first-unanswered on reconnect. */
async function ackedConnection(host: string, o: FepLoadOptions, frames: Buffer[], r: FepLoadResult) {
  const window = o.window ?? 16;
  const deadline = Date.now() + (o.retryForMs ?? 30_000);
  let answered = 0; // frames[0..answered) have their ACK/NAK
  let highest = 0; // frames written at least once
  while (answered < frames.length) {
    let socket: net.Socket;
    try {
      socket = await connect(host, o.port);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((res) => setTimeout(res, 100));
      continue;
    }
    await new Promise<void>((resolve) => {
      let next = answered; // next frame to write on this socket
      const pump = () => {
        while (next < frames.length && next - answered < window && !socket.destroyed) {
          if (next < highest) r.resent++;
          writeChunks(socket, frames[next]!, o.chunkSize);
          next++;
          highest = Math.max(highest, next);
          r.written++;
        }
        if (answered >= frames.length) socket.end();
      };
      socket.on('data', (data: Buffer) => {
        for (const byte of data) {
          if (byte !== ACK && byte !== NAK) continue;
          if (byte === ACK) r.acked++;
          else r.refused++;
          answered++;
          o.onAck?.(r.acked);
        }
        pump();
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve());
      pump();
    });
    if (answered < frames.length) {
      r.reconnects++;
      if (Date.now() > deadline)
        throw new Error(`gave up after ${answered}/${frames.length} answered frames`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

export interface SyslogLoadOptions {
  host?: string;
  port: number;
  protocol: 'udp' | 'tcp';
  format: '3164' | '5424';
  /** Message texts (or counts: n → "test message 1..n"). */
  messages: string[] | number;
  /** 0–7, default 3 (err). */
  severity?: number;
  /** Default 16 (local0). */
  facility?: number;
  hostname?: string;
  appName?: string;
  /** TCP framing: octet counting (default) or LF. */
  framing?: 'octet' | 'lf';
}

export function syslogLine(
  text: string,
  o: Pick<SyslogLoadOptions, 'format' | 'severity' | 'facility' | 'hostname' | 'appName'>,
  now = new Date(),
): string {
  const pri = (o.facility ?? 16) * 8 + (o.severity ?? 3);
  const host = o.hostname ?? 'fep01';
  const app = o.appName ?? 'fepd';
  if (o.format === '5424')
    return `<${pri}>1 ${now.toISOString()} ${host} ${app} ${process.pid} ALERT - ${text}`;
  const month = now.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const day = String(now.getUTCDate()).padStart(2, ' ');
  const time = now.toISOString().slice(11, 19);
  return `<${pri}>${month} ${day} ${time} ${host} ${app}[${process.pid}]: ${text}`;
}

/** Sends syslog messages; resolves when written (UDP: when every datagram was handed to the kernel). */
export async function sendSyslog(options: SyslogLoadOptions): Promise<{ sent: number; ms: number }> {
  const host = options.host ?? '127.0.0.1';
  const texts =
    typeof options.messages === 'number'
      ? Array.from({ length: options.messages }, (_, i) => `test message ${i + 1}`)
      : options.messages;
  const lines = texts.map((t) => syslogLine(t, options));
  const started = Date.now();
  if (options.protocol === 'udp') {
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    for (const line of lines) {
      await new Promise<void>((resolve, reject) =>
        socket.send(Buffer.from(line, 'utf8'), options.port, host, (err) => (err ? reject(err) : resolve())),
      );
    }
    socket.close();
  } else {
    const socket = await connect(host, options.port);
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      socket.write(
        options.framing === 'lf' ? Buffer.concat([bytes, Buffer.of(0x0a)]) : `${bytes.length} ${line}`,
      );
    }
    await new Promise<void>((resolve) => socket.end(() => resolve()));
  }
  return { sent: lines.length, ms: Date.now() - started };
}

async function main(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      count: { type: 'string', default: '100' },
      connections: { type: 'string', default: '10' },
      type: { type: 'string', default: '1' },
      text: { type: 'string', default: 'load test alert' },
      ack: { type: 'boolean', default: false },
      protocol: { type: 'string', default: 'udp' },
      format: { type: 'string', default: '5424' },
    },
  });
  if (!values.port || (mode !== 'fep' && mode !== 'syslog')) {
    process.stderr.write('usage: alert-load.ts fep|syslog --port N [--count N] [--connections N] [--ack]\n');
    process.exitCode = 2;
    return;
  }
  const count = Number(values.count);
  const port = Number(values.port);
  const result =
    mode === 'fep'
      ? await sendFepFrames({
          host: values.host,
          port,
          connections: Number(values.connections),
          ack: values.ack,
          frames: Array.from({ length: count }, (_, i) => ({
            type: values.type,
            text: `${values.text} ${i + 1}`,
          })),
        })
      : await sendSyslog({
          host: values.host,
          port,
          protocol: values.protocol === 'tcp' ? 'tcp' : 'udp',
          format: values.format === '3164' ? '3164' : '5424',
          messages: Array.from({ length: count }, (_, i) => `${values.text} ${i + 1}`),
        });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
