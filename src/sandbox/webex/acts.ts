/** Acting as Webex toward the app: a person says something, or submits a card. */
import { createAction } from './actions-api.ts';
import type { EmulatorContext } from './context.ts';
import type { Deliverer } from './deliver.ts';
import { findMessage, MAX_MESSAGE_BYTES, mentionsIn, storeFile, storeMessage } from './messages.ts';
import { directRoom, personByEmail, roomById } from './state.ts';
import type { AttachmentAction, DeliverOptions, Delivery, RecordedMessage, WebexPerson } from './types.ts';
import { messageEventData } from './views.ts';

export interface SayInput extends DeliverOptions {
  /** The sender's email. */
  from: string;
  /** A group room; or `direct: true` for the sender's 1:1 room with the bot. */
  roomId?: string;
  direct?: boolean;
  text: string;
  markdown?: string;
  files?: { filename: string; data: Buffer | string; contentType?: string }[];
  /** Emails mentioned; in a group room the bot hears only messages that mention it. */
  mentions?: string[];
}

export interface SubmitCardInput extends DeliverOptions {
  from: string;
  messageId: string;
  inputs: Record<string, unknown>;
}

export interface Acts {
  /** Stores the message and delivers `messages:created` (ids only) to the matching webhooks. */
  say(input: SayInput): Promise<{ message: RecordedMessage; deliveries: Delivery[] }>;
  /** Creates an attachment action on the bot's card and delivers `attachmentActions:created`. */
  submitCard(input: SubmitCardInput): Promise<{ action: AttachmentAction; deliveries: Delivery[] }>;
}

function person(ctx: EmulatorContext, email: string): WebexPerson {
  const found = personByEmail(ctx.state, email);
  if (!found || found.type === 'bot') throw new Error(`no person ${email} in the sandbox`);
  return found;
}

const TYPES: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function guessType(filename: string): string {
  return TYPES[filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** The `data` of the card's Action.Submit, which a client merges into what it sends. */
function submitData(ctx: EmulatorContext, messageId: string): Record<string, unknown> {
  const card = findMessage(ctx, messageId)?.attachments[0]?.content;
  const actions = (card?.['actions'] as Array<Record<string, unknown>> | undefined) ?? [];
  const data = actions.find((a) => a['type'] === 'Action.Submit')?.['data'];
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

export function createActs(ctx: EmulatorContext, deliverer: Deliverer): Acts {
  return {
    async say(input) {
      const from = person(ctx, input.from);
      const room =
        input.direct || !input.roomId ? directRoom(ctx.state, from) : roomById(ctx.state, input.roomId);
      if (!room) throw new Error(`no room ${input.roomId}`);
      if (!room.members.includes(from.id)) throw new Error(`${input.from} is not in room ${room.title}`);
      if ((input.files?.length ?? 0) > 1) throw new Error('Webex allows one file per message');
      for (const value of [input.text, input.markdown]) {
        if (value !== undefined && Buffer.byteLength(value) > MAX_MESSAGE_BYTES)
          throw new Error('message too long');
      }
      const mentioned = (input.mentions ?? [])
        .map((email) => personByEmail(ctx.state, email)?.id)
        .filter((id): id is string => id !== undefined);
      for (const id of mentionsIn(ctx, input.markdown)) if (!mentioned.includes(id)) mentioned.push(id);
      const files = (input.files ?? []).map((f) =>
        storeFile(ctx, {
          filename: f.filename,
          contentType: f.contentType ?? guessType(f.filename),
          bytes: Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data),
        }),
      );
      const message = storeMessage(ctx, {
        room,
        from,
        text: input.text,
        markdown: input.markdown,
        files,
        mentionedPeople: mentioned,
      });
      // A bot hears everything in 1:1 rooms, and in group rooms only what @mentions it (reference §2.1).
      const heard = room.type === 'direct' || mentioned.includes(ctx.state.bot.id);
      const deliveries = heard
        ? await deliverer.emit('messages', 'created', messageEventData(ctx, message), from.id, input)
        : [];
      return { message, deliveries };
    },
    async submitCard(input) {
      const from = person(ctx, input.from);
      // A Webex client sends the inputs plus the pressed Action.Submit's `data` (reference §2.6).
      const inputs = { ...input.inputs, ...submitData(ctx, input.messageId) };
      const { action, deliveries } = createAction(ctx, deliverer, from, input.messageId, inputs, input);
      return { action, deliveries: await deliveries };
    },
  };
}
