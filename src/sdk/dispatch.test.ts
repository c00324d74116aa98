import { describe, expect, it } from 'vitest';
import { clientMethod } from '../contracts/client-path.ts';
import { defineApp } from './index.ts';
import { createTestApp } from './testing/index.ts';

describe('events and commands', () => {
  const app = defineApp({
    async start(ctx) {
      ctx.onCommand('ping', (c) => c.reply('pong'));
      ctx.onMessage((m) => m.reply(`heard: ${m.text}`));
      ctx.onEvent('postback', (e) => e.reply(`clicked ${e.data}`));
      ctx.onEvent(['joined', 'left'], (e) => e.reply(`${e.type}: ${e.members?.join(',')}`));
    },
  });

  it('routes messages to commands first, other types to onEvent only', async () => {
    const t = createTestApp(app);
    await t.start();
    const texts = async (p: Promise<Array<{ message: unknown }>>) =>
      (await p).map((s) => (s.message as { text: string }).text);
    expect(await texts(t.message('/ping'))).toEqual(['pong']);
    expect(await texts(t.message('hello'))).toEqual(['heard: hello']);
    // A postback is not chat: message handlers stay silent.
    expect(await texts(t.event('postback', { data: 'ack:42', text: 'ack:42' }))).toEqual(['clicked ack:42']);
    expect(await texts(t.event('joined', { members: ['u1', 'u2'] }))).toEqual(['joined: u1,u2']);
    expect(await texts(t.event('leave'))).toEqual([]);
  });

  it("'*' sees every event, messages included", async () => {
    const seen: string[] = [];
    const t = createTestApp(defineApp({ start: (ctx) => ctx.onEvent('*', (e) => void seen.push(e.type)) }));
    await t.start();
    await t.message('hi');
    await t.event('begin');
    expect(seen).toEqual(['message', 'begin']);
  });
});

describe('namespaced connector clients', () => {
  it('ctx.connector(name).a.b(x) calls the nested method with its arguments', async () => {
    const t = createTestApp(defineApp({}), {
      connectors: { works: { calendar: { listEvents: async (q: unknown) => ({ got: q }) } } },
    });
    const works = t.ctx.connector('works');
    expect(await works.calendar.listEvents({ userId: 'u1' })).toEqual({ got: { userId: 'u1' } });
    await expect(works.calendar.nope()).rejects.toThrow('no test double for connector works.calendar.nope()');
  });

  it('clientMethod reaches own properties only', () => {
    const client = { auth: { status: () => 'ok' } };
    expect(clientMethod(client, 'auth.status')?.()).toBe('ok');
    expect(clientMethod(client, 'constructor')).toBeUndefined();
    expect(clientMethod(client, 'auth.__proto__.toString')).toBeUndefined();
    expect(clientMethod(client, 'auth')).toBeUndefined();
  });
});
