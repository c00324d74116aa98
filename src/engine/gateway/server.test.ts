import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.ts';
import { OpsbotError } from '../../platform/errors.ts';
import { silentLogger } from '../../platform/log.ts';
import { createGateway } from './server.ts';
import { type Harness, SANDBOX_TOKEN, startHarness } from './test-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('gateway server', () => {
  it('answers /healthz with 200 and the health object when ok', async () => {
    h = await startHarness({ health: () => ({ ok: true, apps: 3 }) });
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, apps: 3 });
  });

  it('answers /healthz with 503 when not ok', async () => {
    h = await startHarness({ health: () => ({ ok: false, reason: 'store down' }) });
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, reason: 'store down' });
  });

  it('serves Prometheus text on /metrics after refreshing gauges', async () => {
    let refreshed = 0;
    h = await startHarness({
      beforeMetrics: async () => {
        refreshed++;
        h?.metrics.outboxDepth.set({ status: 'pending' }, 4);
      },
    });
    h.metrics.inbound.inc({ connection: 'sandbox', result: 'accepted' });
    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE opsbot_inbound_total counter');
    expect(text).toContain('opsbot_inbound_total{connection="sandbox",result="accepted"} 1');
    expect(text).toContain('opsbot_outbox_depth{status="pending"} 4');
    expect(refreshed).toBe(1);
  });

  it('answers unknown paths with a JSON 404', async () => {
    h = await startHarness();
    const res = await fetch(`${h.url}/nothing/here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not found' });
  });

  it('answers 500 without details when a handler fails', async () => {
    h = await startHarness({
      health: () => {
        throw new Error('internal detail /srv/secret');
      },
    });
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
  });

  it('rejects listen with PORT_IN_USE when the port is taken', async () => {
    h = await startHarness();
    const port = Number(new URL(h.url).port);
    const second = createGateway({
      host: '127.0.0.1',
      port,
      bodyLimit: 1024,
      store: h.store,
      connectors: new Map(),
      metrics: h.metrics,
      log: silentLogger(),
      clock: systemClock,
      onInbound: () => {},
      appRoute: async () => null,
      health: () => ({ ok: true }),
    });
    const err = await second.listen().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsbotError);
    expect((err as OpsbotError).code).toBe('PORT_IN_USE');
    expect((err as OpsbotError).message).toBe(`port ${port} on 127.0.0.1 is in use (http.port)`);
    await second.close();
  });

  it('close() ends open event streams instead of waiting for them', async () => {
    h = await startHarness();
    const res = await fetch(`${h.url}/sandbox/api/stream?token=${SANDBOX_TOKEN}`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    await h.gateway.close();
    // The stream ends cleanly (done) rather than hanging.
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
