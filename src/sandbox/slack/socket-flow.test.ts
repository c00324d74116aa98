import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type SlackEmulator, startSlackEmulator } from './index.ts';

let emu: SlackEmulator;

/** A hand-written Socket Mode client, to see the raw frames. */
async function connect(): Promise<{
  ws: WebSocket;
  frames: Array<Record<string, unknown>>;
  next: () => Promise<Record<string, unknown>>;
}> {
  const res = await fetch(`${emu.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.appToken}` },
  });
  const { url } = (await res.json()) as { url: string };
  expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
  const ws = new WebSocket(url);
  const frames: Array<Record<string, unknown>> = [];
  let waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const w of waiters) w();
    waiters = [];
  });
  let read = 0;
  const next = async () => {
    while (frames.length <= read) await new Promise<void>((resolve) => waiters.push(resolve));
    return frames[read++]!;
  };
  return { ws, frames, next };
}

beforeAll(async () => {
  emu = await startSlackEmulator();
});
afterAll(() => emu.close());

describe('Socket Mode frames', () => {
  it('says hello, sends envelopes per kind, applies the ack payload, and sends disconnect', async () => {
    const app = await connect();
    expect(await app.next()).toMatchObject({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: 'A01OPSBOT' },
    });

    const event = emu.event(
      { type: 'message', user: 'U01MINJUN', channel: 'C01GENERAL', text: '안녕' },
      { transport: 'socket' },
    );
    const envelope = await app.next();
    expect(envelope).toMatchObject({
      type: 'events_api',
      accepts_response_payload: false,
      payload: { type: 'event_callback', event: { type: 'message', text: '안녕' } },
    });
    app.ws.send(JSON.stringify({ envelope_id: envelope['envelope_id'] }));
    expect(await event).toMatchObject({ status: 200, body: '', envelopeId: envelope['envelope_id'] });

    const command = emu.slashCommand(
      { command: '/attendance', text: 'me', user: 'U01MINJUN', channel: 'C02ATTEND' },
      { transport: 'socket' },
    );
    const cmd = await app.next();
    expect(cmd).toMatchObject({
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { command: '/attendance', text: 'me', user_id: 'U01MINJUN' },
    });
    app.ws.send(
      JSON.stringify({
        envelope_id: cmd['envelope_id'],
        payload: { response_type: 'in_channel', text: '출근!' },
      }),
    );
    await command;
    expect(emu.messagesIn('C02ATTEND').at(-1)).toMatchObject({ text: '출근!', ephemeral: false, via: 'ack' });

    const closed = new Promise<number>((resolve) => app.ws.on('close', (code) => resolve(code)));
    const done = emu.disconnect('too_many_websockets');
    expect(await app.next()).toMatchObject({ type: 'disconnect', reason: 'too_many_websockets' });
    app.ws.close();
    await done;
    await closed;
    expect(emu.openSockets).toBe(0);
  });

  it('refuses a reused ticket and reports no_socket when nobody is connected', async () => {
    const res = await fetch(`${emu.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.appToken}` },
    });
    const { url } = (await res.json()) as { url: string };
    const first = new WebSocket(url);
    await new Promise((resolve) => first.once('open', resolve));
    const second = new WebSocket(url);
    const failed = await new Promise<string>((resolve) =>
      second.once('unexpected-response', (_req, r) => resolve(String(r.statusCode))),
    );
    expect(failed).toBe('401');
    first.close();
    await new Promise((resolve) => first.once('close', resolve));
    const none = await emu.globalShortcut({ callbackId: 'x', user: 'U01MINJUN' }, { transport: 'socket' });
    expect(none).toMatchObject({ status: 0, error: 'no_socket' });
  });
});
