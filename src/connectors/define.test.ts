import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../platform/clock.ts';
import { NO_CAPABILITIES } from '../platform/config/capabilities.ts';
import { silentLogger } from '../platform/log.ts';
import type { ConnectorStateRepo, Store } from '../platform/store/types.ts';
import { defineConnector } from './define.ts';
import { DeliveryError } from './kit/delivery-error.ts';
import { outboundPayload } from './payload.ts';
import type { OutboundPayload } from './types.ts';

let parses = 0;
const sent: Array<OutboundPayload<{ blocks: string[] }>> = [];

const chat = defineConnector({
  type: 'chat',
  options: z.object({ token: z.string().optional(), room: z.string() }).transform((o) => {
    parses++;
    return { ...o, room: o.room.toUpperCase() };
  }),
  native: z.object({ blocks: z.array(z.string()) }),
  defaultRateLimit: 60,
  capabilities: (o) => ({ ...NO_CAPABILITIES, send: o.token !== undefined, destinations: ['room'] }),
  create(ctx) {
    return {
      client: { room: () => ctx.options.room, namespace: () => ctx.state.namespace },
      async send(_destination, payload) {
        sent.push(payload);
      },
    };
  },
});

const META = { idempotencyKey: 'k', attempt: 1 };
const open = (options: Record<string, unknown>, store = {} as Store) =>
  chat.create({ name: 'team', options, store, log: silentLogger(), clock: new FakeClock() });

async function refusal(run: () => Promise<void>): Promise<DeliveryError> {
  const err = await run().then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  if (!(err instanceof DeliveryError)) throw err;
  return err;
}

describe('defineConnector', () => {
  it('parses a block once: create() reuses what config load parsed, and keeps type and rateLimit', () => {
    parses = 0;
    const parsed = chat.parse({ type: 'chat', rateLimit: 5, token: 't', room: 'ops' });
    expect(parsed).toEqual({ success: true, data: { type: 'chat', rateLimit: 5, token: 't', room: 'OPS' } });
    if (!parsed.success) throw new Error('unreachable');
    const connector = open(parsed.data);
    expect(connector.client?.room()).toBe('OPS');
    expect(parses).toBe(1);
    // A block that did not come from parse() (a test's hand-made one) is parsed here.
    expect(open({ token: 't', room: 'dev' }).client?.room()).toBe('DEV');
    expect(parses).toBe(2);
  });

  it('reports capabilities per block, and installs send() only where the capability is', () => {
    expect(chat.capabilities({ room: 'x' }).send).toBe(false);
    expect(open({ room: 'x' }).send).toBeUndefined();
    const connector = open({ token: 't', room: 'x' });
    expect(connector.capabilities).toEqual({ ...NO_CAPABILITIES, send: true, destinations: ['room'] });
    expect(typeof connector.send).toBe('function');
  });

  it('checks native bodies against the schema and refuses forms without the forms capability', async () => {
    sent.length = 0;
    const connector = open({ token: 't', room: 'x' });
    await connector.send!('room/a', { kind: 'native', body: { blocks: ['hi'] } }, META);
    expect(sent).toEqual([{ kind: 'native', body: { blocks: ['hi'] } }]);
    const bad = await refusal(() =>
      connector.send!('room/a', { kind: 'native', body: { blocks: [1] } }, META),
    );
    expect({ retryable: bad.retryable, message: bad.message }).toEqual({
      retryable: false,
      message: 'not a chat message body at blocks.0: Invalid input: expected string, received number',
    });
    const form = { formId: 'f', form: { title: 'T', fields: [] }, expiresAt: 1 };
    const noForms = await refusal(() => connector.send!('room/a', { kind: 'form', form }, META));
    expect(noForms.message).toBe('a chat connection cannot show forms');
    expect(sent).toHaveLength(1);
  });

  it("opens the connection's own state namespace on first use", () => {
    const opened: string[] = [];
    const store = {
      connectorState: (namespace: string): ConnectorStateRepo => {
        opened.push(namespace);
        return {
          namespace,
          get: async () => undefined,
          set: async () => {},
          delete: async () => false,
          list: async () => [],
        };
      },
    } as Pick<Store, 'connectorState'>;
    const connector = chat.create({
      name: 'team',
      options: { room: 'x' },
      store: store as Store,
      log: silentLogger(),
      clock: new FakeClock(),
    });
    expect(opened).toEqual([]);
    expect(connector.client?.namespace()).toBe('chat/team');
    expect(opened).toEqual(['chat/team']);
  });
});

describe('outboundPayload', () => {
  it('turns stored outbox rows into typed payloads, and malformed ones into a dead DeliveryError', () => {
    expect(outboundPayload('portable', { text: 'hi' })).toEqual({
      kind: 'portable',
      message: { text: 'hi' },
    });
    expect(outboundPayload('native', [1])).toEqual({ kind: 'native', body: [1] });
    const form = { formId: 'f', form: { title: 'T', fields: [] }, expiresAt: 5 };
    expect(outboundPayload('form', form)).toEqual({ kind: 'form', form });
    for (const [kind, payload] of [
      ['portable', { title: 'no text' }],
      ['form', { formId: 'f' }],
      ['carrier-pigeon', {}],
    ] as const) {
      expect(() => outboundPayload(kind, payload)).toThrow(`stored payload is not a valid ${kind} message`);
    }
  });
});
