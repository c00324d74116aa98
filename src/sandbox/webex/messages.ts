/** Storing messages and files, whoever sends them (the bot over REST, a person through `say`). */
import type { EmulatorContext } from './context.ts';
import { isoNow } from './context.ts';
import { webexId } from './ids.ts';
import { personByEmail, personById } from './state.ts';
import type { Card, RecordedMessage, StoredFile, WebexPerson, WebexRoom } from './types.ts';

/** Webex's limit for each of `text`, `markdown` and `html`, in bytes. */
export const MAX_MESSAGE_BYTES = 7439;

export function storeFile(ctx: EmulatorContext, file: Omit<StoredFile, 'id'>): string {
  const id = webexId('CONTENT');
  ctx.state.files.set(id, { id, ...file });
  return id;
}

/** Person ids named by `<@personEmail:…>` / `<@personId:…>` in markdown. */
export function mentionsIn(ctx: EmulatorContext, markdown: string | undefined): string[] {
  if (!markdown) return [];
  const ids: string[] = [];
  for (const match of markdown.matchAll(/<@person(Email|Id):([^|>]+)(?:\|[^>]*)?>/g)) {
    const person =
      match[1] === 'Email' ? personByEmail(ctx.state, match[2]!) : personById(ctx.state, match[2]!);
    if (person && !ids.includes(person.id)) ids.push(person.id);
  }
  return ids;
}

export interface NewMessage {
  room: WebexRoom;
  from: WebexPerson;
  text?: string;
  markdown?: string;
  html?: string;
  parentId?: string;
  attachments?: Card[];
  files?: string[];
  mentionedPeople?: string[];
}

export function storeMessage(ctx: EmulatorContext, input: NewMessage): RecordedMessage {
  const message: RecordedMessage = {
    id: webexId('MESSAGE'),
    roomId: input.room.id,
    roomType: input.room.type,
    personId: input.from.id,
    personEmail: input.from.emails[0]!,
    fromBot: input.from.id === ctx.state.bot.id,
    ...(input.text !== undefined ? { text: input.text } : {}),
    ...(input.markdown !== undefined ? { markdown: input.markdown } : {}),
    ...(input.html !== undefined ? { html: input.html } : {}),
    ...(input.parentId ? { parentId: input.parentId } : {}),
    attachments: input.attachments ?? [],
    files: input.files ?? [],
    mentionedPeople: input.mentionedPeople ?? [],
    created: isoNow(ctx),
    deleted: false,
  };
  ctx.state.messages.push(message);
  return message;
}

export function findMessage(ctx: EmulatorContext, id: string): RecordedMessage | undefined {
  return ctx.state.messages.find((m) => m.id === id && !m.deleted);
}
