import type { AppContext, PortableMessage } from 'opsbot';
import { canMail, mailTo } from './mail.ts';
import type { Options } from './options.ts';
import type { Person } from './people.ts';

/** How a message outside a conversation reached people. */
export interface Reached {
  chat: number;
  mail: number;
  /** Names of people with no room known and no way to mail them. */
  unreachable: string[];
}

/**
 * Sends to each person where they last wrote from. Someone who never wrote to the bot has no room
 * the bot may post to, so they get a mail instead when the mail connection exists; else they are
 * logged and counted as unreachable.
 */
export async function reach(
  ctx: AppContext<Options>,
  people: Person[],
  message: PortableMessage & { title: string },
): Promise<Reached> {
  const result: Reached = { chat: 0, mail: 0, unreachable: [] };
  const mailOk = await canMail(ctx);
  for (const person of people) {
    if (person.replyTo) {
      await ctx.notify(person.replyTo, message);
      result.chat++;
    } else if (mailOk) {
      await mailTo(ctx, person.email, { subject: message.title, text: message.text });
      result.mail++;
    } else {
      ctx.log.warn(
        { person: person.email },
        'cannot reach this person: they never wrote to the bot and no mail connection',
      );
      result.unreachable.push(person.name);
    }
  }
  return result;
}

export const reachedText = (r: Reached): string =>
  `대화방 ${r.chat}명, 메일 ${r.mail}명` +
  (r.unreachable.length ? `, 연락할 수 없음 ${r.unreachable.length}명 (${r.unreachable.join(', ')})` : '');
