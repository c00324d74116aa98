/** How stored objects look on the wire: messages, people, rooms, and the bot's id encoding. */
import type { EmulatorContext } from './context.ts';
import { alternatePersonId } from './ids.ts';
import { personById } from './state.ts';
import type { RecordedMessage, WebexPerson, WebexRoom } from './types.ts';

/** A person id as Webex would print it in a message or webhook: the bot's may use the second encoding. */
export function shownPersonId(ctx: EmulatorContext, personId: string): string {
  const { bot } = ctx.state;
  return personId === bot.id && ctx.botIdEncoding === 'alternate'
    ? alternatePersonId(bot.emails[0]!)
    : personId;
}

export function contentUrl(ctx: EmulatorContext, id: string): string {
  return `${ctx.baseUrl()}/v1/contents/${id}`;
}

export function messageView(ctx: EmulatorContext, m: RecordedMessage): Record<string, unknown> {
  return {
    id: m.id,
    roomId: m.roomId,
    roomType: m.roomType,
    ...(m.parentId ? { parentId: m.parentId } : {}),
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.markdown !== undefined ? { markdown: m.markdown } : {}),
    ...(m.html !== undefined ? { html: m.html } : {}),
    ...(m.files.length ? { files: m.files.map((id) => contentUrl(ctx, id)) } : {}),
    ...(m.attachments.length ? { attachments: m.attachments } : {}),
    personId: shownPersonId(ctx, m.personId),
    personEmail: m.personEmail,
    ...(m.mentionedPeople.length ? { mentionedPeople: m.mentionedPeople } : {}),
    created: m.created,
  };
}

/** The `data` of a `messages` webhook: ids only, never the text. */
export function messageEventData(ctx: EmulatorContext, m: RecordedMessage): Record<string, unknown> {
  return {
    id: m.id,
    roomId: m.roomId,
    roomType: m.roomType,
    personId: shownPersonId(ctx, m.personId),
    personEmail: m.personEmail,
    ...(m.mentionedPeople.length ? { mentionedPeople: m.mentionedPeople } : {}),
    ...(m.files.length ? { files: m.files.map((id) => contentUrl(ctx, id)) } : {}),
    created: m.created,
  };
}

export function personView(ctx: EmulatorContext, p: WebexPerson): Record<string, unknown> {
  return {
    id: p.id,
    emails: p.emails,
    displayName: p.displayName,
    nickName: p.displayName.split(' ')[0],
    orgId: ctx.state.orgId,
    type: p.type,
    created: new Date(0).toISOString(),
  };
}

export function roomView(ctx: EmulatorContext, r: WebexRoom): Record<string, unknown> {
  const last = ctx.state.messages.filter((m) => m.roomId === r.id).at(-1);
  return {
    id: r.id,
    title: r.type === 'direct' ? (personById(ctx.state, r.members[1]!)?.displayName ?? r.title) : r.title,
    type: r.type,
    isLocked: false,
    lastActivity: last?.created ?? new Date(0).toISOString(),
    creatorId: r.members[0],
    created: new Date(0).toISOString(),
    ownerId: ctx.state.orgId,
  };
}

/** Plain text Webex would derive from markdown (the `text` field of a markdown-only message). */
export function plainFromMarkdown(markdown: string): string {
  return markdown
    .replace(/<@person(?:Email|Id):[^|>]+(?:\|([^>]*))?>/g, (_, name: string | undefined) => name ?? '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
}
