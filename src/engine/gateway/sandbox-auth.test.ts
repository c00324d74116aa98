import { afterEach, describe, expect, it } from 'vitest';
import { sandboxConnector, signSandboxBody } from '../../connectors/sandbox/index.ts';
import { systemClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { SANDBOX_TOKEN_HEADER } from './sandbox-auth.ts';
import { type Harness, HOOK_SECRET, SANDBOX_TOKEN, startHarness } from './test-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const REFUSED = {
  error:
    'the sandbox API needs the sandbox token that opsbot start prints, or a signature made with the connection secret',
};
const SEND = JSON.stringify({ destination: 'general', text: 'hi' });
const JSON_TYPE = { 'content-type': 'application/json' };

describe('/sandbox/api/* when a sandbox connection has a secret', () => {
  it('refuses send, messages, stream, state and forms without the token or a signature (401)', async () => {
    h = await startHarness();
    const calls: Array<[string, RequestInit]> = [
      ['/sandbox/api/send', { method: 'POST', headers: JSON_TYPE, body: SEND }],
      ['/sandbox/api/messages', {}],
      ['/sandbox/api/stream', {}],
      ['/sandbox/api/state', {}],
      ['/sandbox/api/forms/f1', { method: 'POST', headers: JSON_TYPE, body: '{"values":{}}' }],
      ['/sandbox/api/messages', { headers: { [SANDBOX_TOKEN_HEADER]: 'wrong-token-value' } }],
      // The router decodes the path: an encoded spelling reaches the same route and the same guard.
      ['/%73andbox/api/messages', {}],
      ['/sandbox/%61pi/state', {}],
    ];
    for (const [path, init] of calls) {
      const res = await fetch(`${h.url}${path}`, init);
      expect([path, res.status, await res.json()]).toEqual([path, 401, REFUSED]);
    }
    expect(await h.store.inbox.listNew(10)).toEqual([]);
  });

  it('accepts the daemon token (header, or ?token= for the stream) and a signature with the secret', async () => {
    h = await startHarness();
    const withToken = await fetch(`${h.url}/sandbox/api/send`, {
      method: 'POST',
      headers: { ...JSON_TYPE, [SANDBOX_TOKEN_HEADER]: SANDBOX_TOKEN },
      body: SEND,
    });
    expect(withToken.status).toBe(200);
    const signed = await fetch(`${h.url}/sandbox/api/send`, {
      method: 'POST',
      headers: { ...JSON_TYPE, 'x-opsbot-signature': signSandboxBody(HOOK_SECRET, SEND) },
      body: SEND,
    });
    expect(signed.status).toBe(200);
    // A GET has no body: its signature covers the request target.
    const target = '/sandbox/api/messages?destination=channel/general';
    const read = await fetch(`${h.url}${target}`, {
      headers: { 'x-opsbot-signature': signSandboxBody(HOOK_SECRET, target) },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ messages: expect.any(Array) });
    const stream = await fetch(`${h.url}/sandbox/api/stream?token=${SANDBOX_TOKEN}`);
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
  });

  it('stays open while no sandbox connection has a secret', async () => {
    const open = (store: Harness['store']) =>
      sandboxConnector.create({ name: 'open', options: {}, store, log: silentLogger(), clock: systemClock });
    h = await startHarness();
    h.connectors.clear();
    h.connectors.set('open', open(h.store));
    expect((await fetch(`${h.url}/sandbox/api/messages`)).status).toBe(200);
  });
});

describe('where the sandbox is served', () => {
  it('only on a loopback bind unless http.sandbox is set', async () => {
    h = await startHarness({ host: '0.0.0.0' });
    expect((await fetch(`${h.url}/sandbox`)).status).toBe(404);
    expect((await fetch(`${h.url}/sandbox/api/messages?token=${SANDBOX_TOKEN}`)).status).toBe(404);
    await h.close();
    h = await startHarness({ host: '0.0.0.0', sandbox: true });
    expect((await fetch(`${h.url}/sandbox`)).status).toBe(200);
    await h.close();
    h = await startHarness({ sandbox: false });
    expect((await fetch(`${h.url}/sandbox`)).status).toBe(404);
    await h.close();
    h = await startHarness();
    expect((await fetch(`${h.url}/sandbox`)).status).toBe(200);
  });
});
