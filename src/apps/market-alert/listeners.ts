import dgram from 'node:dgram';
import net from 'node:net';
import type { Logger } from 'opsbot';
import { ACK, type Decoded, FepDecoder, LineDecoder, NAK, SyslogStreamDecoder } from './framing.ts';
import { checkAlertBody, fromJson, fromSyslog, type NewAlert, type Sources } from './inputs.ts';
import type { MarketAlertOptions } from './options.ts';
import type { Pipeline } from './pipeline.ts';
import { parseSyslog } from './syslog.ts';

/**
 * The socket listeners. Each TCP connection gets its own decoder (Node's event loop replaces the
 * old thread per client). Nothing a client sends can close its connection or the server: bad
 * bytes are logged, counted and skipped. Every alert is journaled before it is acknowledged.
 */

export interface Listening {
  fep?: number;
  ndjson?: number;
  syslogUdp?: number;
  syslogTcp?: number;
}

interface Deps {
  pipeline: Pipeline;
  sources: Sources;
  log: Logger;
  now: () => number;
}

export class Listeners {
  readonly ports: Listening = {};
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private udp?: dgram.Socket;

  private readonly deps: Deps;

  constructor(deps: Deps) {
    this.deps = deps;
  }

  async start(o: MarketAlertOptions): Promise<void> {
    if (o.fep) this.ports.fep = await this.tcp(o.fep.host, o.fep.port, (s) => this.fepClient(s, o.fep!));
    if (o.ndjson) {
      this.ports.ndjson = await this.tcp(o.ndjson.host, o.ndjson.port, (s) =>
        this.ndjsonClient(s, o.ndjson!),
      );
    }
    if (o.syslog?.tcpPort !== undefined) {
      const max = o.syslog.maxMessage;
      this.ports.syslogTcp = await this.tcp(o.syslog.host, o.syslog.tcpPort, (s) =>
        this.syslogClient(s, max),
      );
    }
    if (o.syslog?.udpPort !== undefined) this.ports.syslogUdp = await this.udpServer(o.syslog);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
    if (this.udp) await new Promise<void>((r) => this.udp!.close(() => r()));
  }

  private tcp(host: string, port: number, onClient: (socket: net.Socket) => void): Promise<number> {
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      this.deps.pipeline.counters.connections++;
      socket.setKeepAlive(true, 60_000);
      socket.on('error', (err) => this.deps.log.debug({ err: err.message }, 'client socket error'));
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.deps.pipeline.counters.connections--;
      });
      onClient(socket);
    });
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, backlog: 4096 }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.deps.log.error({ err: err.message }, 'listener error'));
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  private malformed(via: string, ip: string, d: Extract<Decoded<unknown>, { ok: false }>): void {
    this.deps.pipeline.counters.malformed++;
    this.deps.log.warn({ via, ip, reason: d.reason, bytes: d.bytes }, 'skipped malformed input');
  }

  /**
   * Journals alerts of one connection concurrently but acknowledges them in order: `chain` is the
   * previous acknowledgement, so the peer can count ACK/NAK bytes to know which frames are safe.
   */
  private orderedAcks(socket: net.Socket, answer: (refusal: string | null) => void) {
    let chain: Promise<void> = Promise.resolve();
    /** `work` resolves when journaled; a string is a refusal reason known up front. */
    return (work: Promise<unknown> | string) => {
      const done: Promise<string | null> =
        typeof work === 'string'
          ? Promise.resolve(work)
          : work.then(
              () => null,
              () => 'journal write failed',
            );
      chain = Promise.all([chain, done]).then(([, refusal]) => {
        if (!socket.destroyed) answer(refusal);
      });
    };
  }

  private accept(alert: NewAlert): Promise<unknown> {
    return this.deps.pipeline.accept(alert).catch((err) => {
      this.deps.log.error({ err: String(err), via: alert.via, ip: alert.ip }, 'could not journal an alert');
      throw err;
    });
  }

  private fepClient(socket: net.Socket, o: NonNullable<MarketAlertOptions['fep']>): void {
    const ip = socket.remoteAddress ?? '';
    const decoder = new FepDecoder(new Set(Object.keys(o.types)), o.maxFrame);
    const acknowledge = this.orderedAcks(socket, (refusal) => socket.write(Buffer.of(refusal ? NAK : ACK)));
    const handle = (events: ReturnType<FepDecoder['push']>) => {
      for (const d of events) {
        if (!d.ok) {
          this.malformed('fep', ip, d);
          // Garbage between frames is no frame: nothing to answer. A broken frame is refused.
          if (o.ack && d.reason !== 'bytes outside a frame' && d.reason !== 'connection closed mid-frame') {
            acknowledge(d.reason);
          }
          continue;
        }
        const type = o.types[d.value.type]!;
        if (d.value.lossy) this.deps.log.warn({ ip }, 'FEP frame is not valid UTF-8; decoded with U+FFFD');
        const work = this.accept({
          via: 'fep',
          ...this.deps.sources.resolve(ip),
          type: type.name,
          severity: type.severity,
          text: d.value.text,
          receivedAt: this.deps.now(),
        });
        if (o.ack) acknowledge(work);
        else work.catch(() => {});
      }
    };
    socket.on('data', (chunk: Buffer) => handle(decoder.push(chunk)));
    socket.on('close', () => handle(decoder.end()));
  }

  private ndjsonClient(socket: net.Socket, o: NonNullable<MarketAlertOptions['ndjson']>): void {
    const ip = socket.remoteAddress ?? '';
    const decoder = new LineDecoder(o.maxLine);
    const acknowledge = this.orderedAcks(socket, (refusal) => {
      socket.write(refusal ? `error ${refusal}\n` : 'ok\n');
    });
    const refuse = (reason: string) => {
      if (o.ack) acknowledge(reason);
    };
    const handle = (events: Array<Decoded<string>>) => {
      for (const d of events) {
        if (!d.ok) {
          this.malformed('ndjson', ip, d);
          refuse(d.reason);
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(d.value);
        } catch {
          this.malformed('ndjson', ip, { ok: false, reason: 'invalid JSON', bytes: d.value.length });
          refuse('invalid JSON');
          continue;
        }
        const body = checkAlertBody(parsed);
        if (typeof body === 'string') {
          this.malformed('ndjson', ip, { ok: false, reason: body, bytes: d.value.length });
          refuse(body);
          continue;
        }
        const work = this.accept(
          fromJson(body, 'ndjson', this.deps.sources.resolve(ip, body.source), this.deps.now()),
        );
        if (o.ack) acknowledge(work);
        else work.catch(() => {});
      }
    };
    socket.on('data', (chunk: Buffer) => handle(decoder.push(chunk)));
    socket.on('close', () => handle(decoder.end()));
  }

  private syslogClient(socket: net.Socket, maxMessage: number): void {
    const ip = socket.remoteAddress ?? '';
    const decoder = new SyslogStreamDecoder(maxMessage);
    const handle = (events: Array<Decoded<string>>) => {
      for (const d of events) {
        if (!d.ok) this.malformed('syslog', ip, d);
        else this.syslogLine(d.value, ip);
      }
    };
    socket.on('data', (chunk: Buffer) => handle(decoder.push(chunk)));
    socket.on('close', () => handle(decoder.end()));
  }

  private syslogLine(line: string, ip: string): void {
    const message = parseSyslog(line);
    if (!message) return;
    this.accept(fromSyslog(message, { ip }, this.deps.sources, this.deps.now())).catch(() => {});
  }

  private udpServer(o: NonNullable<MarketAlertOptions['syslog']>): Promise<number> {
    const type = o.host.includes(':') ? 'udp6' : 'udp4';
    const socket = dgram.createSocket({ type, reuseAddr: false });
    this.udp = socket;
    socket.on('message', (msg, rinfo) => {
      if (msg.length > o.maxMessage) {
        this.malformed('syslog', rinfo.address, {
          ok: false,
          reason: 'datagram too large',
          bytes: msg.length,
        });
        return;
      }
      this.syslogLine(msg.toString('utf8'), rinfo.address);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(o.udpPort, o.host, () => {
        socket.off('error', reject);
        socket.on('error', (err) => this.deps.log.error({ err: err.message }, 'syslog udp error'));
        resolve(socket.address().port);
      });
    });
  }
}
