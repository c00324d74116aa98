import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FepDecoder, SyslogStreamDecoder } from '../../apps/market-alert/framing.ts';
import { parseSyslog } from '../../apps/market-alert/syslog.ts';
import { sendFepFrames, sendSyslog, syslogLine } from './alert-load.ts';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A FEP server that records frame texts; with `ack`, answers ACK per frame. */
async function fepServer(ack: boolean, onFrame?: (text: string, socket: net.Socket) => void) {
  const texts: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const decoder = new FepDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const d of decoder.push(chunk)) {
        if (!d.ok) continue;
        texts.push(d.value.text);
        onFrame?.(d.value.text, socket);
        if (ack && !socket.destroyed) socket.write(Buffer.of(0x06));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return { texts, port: (server.address() as net.AddressInfo).port };
}

describe('sendFepFrames', () => {
  it('deals frames over connections, split into chunks', async () => {
    const s = await fepServer(false);
    const frames = Array.from({ length: 50 }, (_, i) => `frame ${i}`);
    const r = await sendFepFrames({ port: s.port, connections: 5, frames, chunkSize: 3 });
    expect(r.written).toBe(50);
    await new Promise((res) => setTimeout(res, 50));
    expect(new Set(s.texts)).toEqual(new Set(frames));
  });

  it('in ack mode resends unanswered frames after the connection drops', async () => {
    let dropped = false;
    const s = await fepServer(true, (text, socket) => {
      if (text === 'f 10' && !dropped) {
        dropped = true;
        socket.destroy(); // no ACK for f 10 (and whatever followed it)
      }
    });
    const frames = Array.from({ length: 30 }, (_, i) => `f ${i}`);
    const r = await sendFepFrames({ port: s.port, frames, ack: true, window: 4 });
    expect(r).toMatchObject({ acked: 30, reconnects: 1 });
    expect(r.resent).toBeGreaterThanOrEqual(1);
    expect(r.resent).toBeLessThanOrEqual(4);
    expect(new Set(s.texts)).toEqual(new Set(frames));
  });

  it('runs from the command line', async () => {
    const s = await fepServer(false);
    const script = fileURLToPath(new URL('./alert-load.ts', import.meta.url));
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [script, 'fep', '--port', String(s.port), '--count', '20', '--connections', '3'],
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    expect(JSON.parse(out)).toMatchObject({ written: 20 });
    expect(s.texts).toHaveLength(20);
  });
});

describe('sendSyslog', () => {
  it('writes lines our parser reads back, in both formats', () => {
    const now = new Date('2026-01-05T09:00:01Z');
    expect(parseSyslog(syslogLine('hello', { format: '3164', severity: 4 }, now))).toMatchObject({
      format: '3164',
      severity: 4,
      facility: 16,
      hostname: 'fep01',
      message: 'hello',
    });
    expect(parseSyslog(syslogLine('hello', { format: '5424', severity: 1 }, now))).toMatchObject({
      format: '5424',
      severity: 1,
      timestamp: '2026-01-05T09:00:01.000Z',
      message: 'hello',
    });
  });

  it('sends over UDP and TCP (octet counting)', async () => {
    const udp = dgram.createSocket('udp4');
    const got: string[] = [];
    udp.on('message', (m) => got.push(m.toString()));
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    closers.push(() => udp.close());
    await sendSyslog({ port: udp.address().port, protocol: 'udp', format: '5424', messages: 3 });

    const tcpGot: string[] = [];
    const server = net.createServer((socket) => {
      const d = new SyslogStreamDecoder();
      socket.on('data', (c: Buffer) => {
        for (const e of d.push(c)) if (e.ok) tcpGot.push(e.value);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    await sendSyslog({
      port: (server.address() as net.AddressInfo).port,
      protocol: 'tcp',
      format: '3164',
      messages: ['a', 'b'],
    });
    const deadline = Date.now() + 2000;
    while ((got.length < 3 || tcpGot.length < 2) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(got.map((l) => parseSyslog(l)!.message)).toEqual([
      'test message 1',
      'test message 2',
      'test message 3',
    ]);
    expect(tcpGot.map((l) => parseSyslog(l)!.message)).toEqual(['a', 'b']);
  });
});
