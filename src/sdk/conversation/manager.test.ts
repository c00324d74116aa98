import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import type { AppStore, PortableMessage } from '../types.ts';
import { parseTtl } from './conversation.ts';
import { ConversationCancelled, ConversationEnded } from './errors.ts';
import { ConversationManager } from './manager.ts';

function memoryStore(state = new Map<string, unknown>()): AppStore {
  return {
    get: async (key) => state.get(key) as never,
    set: async (key, value) => void state.set(key, value),
    delete: async (key) => state.delete(key),
    write: async (changes) => {
      for (const { key, value } of changes.set ?? []) state.set(key, value);
      for (const key of changes.delete ?? []) state.delete(key);
    },
    list: async (prefix = '') =>
      [...state.entries()].filter(([k]) => k.startsWith(prefix)).map(([key, value]) => ({ key, value })),
  };
}

function setup(state = new Map<string, unknown>()) {
  const sent: Array<{ to: string; text: string }> = [];
  let firstUse = 0;
  const manager = new ConversationManager({
    store: memoryStore(state),
    clock: new FakeClock(),
    log: silentLogger(),
    send: async (to: string, message: PortableMessage) => void sent.push({ to, text: message.text }),
    onFirstUse: () => void firstUse++,
  });
  const event = (id: string, text: string, user = 'mina') => ({
    id,
    connection: 'sandbox',
    type: 'message',
    replyTo: 'sandbox/channel/general',
    user,
    text,
    receivedAt: 0,
  });
  return { manager, sent, state, event, firstUses: () => firstUse };
}

describe('ConversationManager', () => {
  it('a restarted app tells each person whose question was waiting, and forgets the dialog', async () => {
    const state = new Map<string, unknown>();
    const before = setup(state);
    void before.manager.deliver(before.event('m1', '/pick'), async () => {
      const conv = before.manager.open(
        { replyTo: 'sandbox/channel/general', user: 'mina', id: 'm1' },
        {
          messages: { interrupted: 'Restarted, please start again.' },
        },
      );
      await conv.ask('Which day?');
    });
    await new Promise((r) => setTimeout(r, 10));
    expect([...state.values()]).toMatchObject([{ question: 'Which day?', user: 'mina', answers: [] }]);

    const after = setup(state);
    expect(await after.manager.endInterrupted()).toBe(1);
    expect(after.sent).toEqual([{ to: 'sandbox/channel/general', text: 'Restarted, please start again.' }]);
    expect(state.size).toBe(0);
  });

  it('hands the starting message back once the question waits, and routes only that person’s answers', async () => {
    const { manager, sent, event, firstUses } = setup();
    let answer: Promise<string> | undefined;
    await manager.deliver(event('m1', '/pick'), async () => {
      answer = manager.open({ replyTo: 'sandbox/channel/general', user: 'mina', id: 'm1' }).ask('Which day?');
      await answer;
    });
    expect(firstUses()).toBe(1);
    let ordinary = 0;
    await manager.deliver(event('m2', 'hello', 'joon'), async () => void ordinary++);
    expect(ordinary).toBe(1);
    await manager.deliver(event('m3', ' 15 '), async () => void ordinary++);
    expect(ordinary).toBe(1);
    expect(await answer).toBe('15');
    expect(sent.map((s) => s.text)).toEqual(['Which day?']);
  });

  it('a cancel word rejects the question with ConversationCancelled and the handler error is not a failure', async () => {
    const { manager, sent, event } = setup();
    let caught: unknown;
    await manager.deliver(event('m1', '/pick'), async () => {
      try {
        await manager.open({ replyTo: 'sandbox/channel/general', user: 'mina', id: 'm1' }).ask('Which day?');
      } catch (err) {
        caught = err;
        throw err;
      }
    });
    await manager.deliver(event('m2', 'CANCEL'), async () => {});
    expect(caught).toBeInstanceOf(ConversationCancelled);
    expect(sent.map((s) => s.text)).toEqual(['Which day?', 'Cancelled.']);
  });

  it('a new dialog with the same person in the same room replaces the old one', async () => {
    const { manager } = setup();
    const first = manager.open({ replyTo: 'sandbox/channel/general', user: 'mina' });
    const asked = first.ask('Which day?');
    await new Promise((r) => setTimeout(r, 0));
    manager.open({ replyTo: 'sandbox/channel/general', user: 'mina' });
    await expect(asked).rejects.toMatchObject({ reason: 'replaced' });
    await expect(asked).rejects.toBeInstanceOf(ConversationEnded);
  });

  it('a validator that throws ends the dialog and its handler gets the error', async () => {
    const { manager, event, state } = setup();
    await expect(
      (async () => {
        await manager.deliver(event('m1', '/pick'), async () => {
          await manager
            .open({ replyTo: 'sandbox/channel/general', user: 'mina', id: 'm1' })
            .ask('Which day?', {
              validate: () => {
                throw new Error('validator bug');
              },
            });
        });
        await manager.deliver(event('m2', '15'), async () => {});
      })(),
    ).rejects.toThrow('validator bug');
    expect(state.size).toBe(0);
    let ordinary = 0;
    await manager.deliver(event('m3', '15'), async () => void ordinary++);
    expect(ordinary).toBe(1);
  });

  it('a second line typed while the first answer is being checked goes to the ordinary handlers', async () => {
    const { manager, event } = setup();
    let answer: Promise<string> | undefined;
    await manager.deliver(event('m1', '/pick'), async () => {
      answer = manager
        .open({ replyTo: 'sandbox/channel/general', user: 'mina', id: 'm1' })
        .ask('Which day?', {
          validate: async () => {
            await new Promise((r) => setTimeout(r, 20));
            return null;
          },
        });
      await answer;
    });
    const ordinary: string[] = [];
    await Promise.all([
      manager.deliver(event('m2', '15'), async () => void ordinary.push('15')),
      manager.deliver(event('m3', 'thanks'), async () => void ordinary.push('thanks')),
    ]);
    expect(await answer).toBe('15');
    expect(ordinary).toEqual(['thanks']);
  });

  it('parses ttls', () => {
    expect(parseTtl('3m')).toBe(180_000);
    expect(parseTtl('90s')).toBe(90_000);
    expect(parseTtl(500)).toBe(500);
    expect(() => parseTtl('soon')).toThrow(`invalid conversation ttl "soon" (use e.g. '90s', '3m')`);
  });
});
