import type { Conversation, IncomingMessage } from 'opsbot';
import type { Desk } from './desk.ts';
import { serve } from './kinds/index.ts';
import { say } from './messages.ts';
import type { Person } from './people.ts';
import type { Service } from './services.ts';

/**
 * A free-text message from a known person: find the service they mean, make sure (yes/no, or a
 * number when several fit), then run the service's own steps in the same conversation.
 */
export async function converse(desk: Desk, message: IncomingMessage, person: Person): Promise<void> {
  const match = desk.search.find(message.text);
  if (match.kind === 'none') {
    await message.reply(say.help(desk.services));
    return;
  }
  const conv = desk.ctx.conversation(message, {
    ttl: desk.ctx.options.conversationTtl,
    cancelWords: ['취소', 'cancel'],
    messages: { cancelled: say.cancelled, timedOut: say.timedOut, interrupted: say.interrupted },
  });
  const service =
    match.kind === 'found' ? await confirmed(conv, match.service) : await chosen(conv, match.services);
  if (service) await serve(desk, { conv, message, person, service });
}

async function confirmed(conv: Conversation, service: Service): Promise<Service | undefined> {
  if (await conv.confirm(say.confirm(service), { retry: say.confirmRetry })) return service;
  await conv.end(say.declined);
  return undefined;
}

async function chosen(conv: Conversation, services: Service[]): Promise<Service> {
  const answer = await conv.ask(say.tie(services), {
    validate: (text) => (indexOf(text, services.length) === undefined ? say.tieRetry(services.length) : null),
  });
  return services[indexOf(answer, services.length) as number] as Service;
}

/** A 1-based number within range, as a 0-based index. */
function indexOf(text: string, count: number): number | undefined {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : 0;
  return n >= 1 && n <= count ? n - 1 : undefined;
}
