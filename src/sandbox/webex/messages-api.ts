/**
 * `/v1/messages` and `/v1/contents`: create (JSON or multipart with one local file), get, list,
 * delete, download. The bot's own new message is delivered to `messages:created` webhooks too.
 */
import { checkAttachments } from './cards.ts';
import type { EmulatorContext } from './context.ts';
import type { Deliverer } from './deliver.ts';
import { WebexError } from './http.ts';
import { findMessage, MAX_MESSAGE_BYTES, mentionsIn, storeFile, storeMessage } from './messages.ts';
import { type FilePart, parseMultipart } from './multipart.ts';
import { type ApiRequest, type Route, summarizeFile } from './rest.ts';
import { directRoom, personByEmail, personById, roomById } from './state.ts';
import type { RecordedMessage, WebexRoom } from './types.ts';
import { messageEventData, messageView, plainFromMarkdown } from './views.ts';

type Obj = Record<string, unknown>;

const TARGETS = ['roomId', 'toPersonId', 'toPersonEmail'] as const;

function readMessageBody(req: ApiRequest): { fields: Obj; upload?: FilePart } {
  if (req.type !== 'multipart/form-data') return { fields: req.json() };
  const form = parseMultipart(req.contentType, req.raw);
  if (form.files.length > 1) throw new WebexError(400, 'Only one file can be attached to a message');
  const fields: Obj = { ...form.fields };
  if (typeof fields['attachments'] === 'string') {
    try {
      fields['attachments'] = JSON.parse(fields['attachments']);
    } catch {
      throw new WebexError(400, 'attachments must be JSON');
    }
  }
  req.logged = { ...fields, ...(form.files[0] ? { files: [summarizeFile(form.files[0])] } : {}) };
  return { fields, upload: form.files[0] };
}

function target(ctx: EmulatorContext, fields: Obj): WebexRoom {
  const given = TARGETS.filter((k) => fields[k] !== undefined && fields[k] !== '');
  if (given.length !== 1) {
    throw new WebexError(400, 'Exactly one of roomId, toPersonId or toPersonEmail must be given');
  }
  const key = given[0]!;
  const value = fields[key];
  if (typeof value !== 'string') throw new WebexError(400, `${key} must be a string`);
  if (key === 'roomId') {
    const room = roomById(ctx.state, value);
    if (!room) throw new WebexError(404, 'Could not find a room with the provided ID.');
    return room;
  }
  const person = key === 'toPersonId' ? personById(ctx.state, value) : personByEmail(ctx.state, value);
  if (!person || person.id === ctx.state.bot.id)
    throw new WebexError(404, `Could not find a person with ${key} ${value}`);
  return directRoom(ctx.state, person);
}

function checkText(fields: Obj): void {
  for (const key of ['text', 'markdown', 'html'] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new WebexError(400, `${key} must be a string`);
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_MESSAGE_BYTES) {
      throw new WebexError(
        400,
        `${key} is ${bytes} bytes; the maximum message length is ${MAX_MESSAGE_BYTES} bytes`,
      );
    }
  }
}

/** `files: ["https://…"]` — one public URL, which Webex downloads. */
async function fetchPublicFile(value: unknown): Promise<FilePart> {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new WebexError(400, 'files must be an array holding one URL');
  }
  if (value.length !== 1) throw new WebexError(400, 'Only one file can be attached to a message');
  const url = value[0] as string;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch {
    throw new WebexError(400, `Unable to retrieve content from ${url}`);
  }
  if (!res.ok) throw new WebexError(400, `Unable to retrieve content from ${url} (HTTP ${res.status})`);
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return {
    filename: name ?? (decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'file'),
    contentType: (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!,
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

async function createMessage(ctx: EmulatorContext, deliverer: Deliverer, req: ApiRequest) {
  const { fields, upload } = readMessageBody(req);
  const room = target(ctx, fields);
  checkText(fields);
  const attachments = checkAttachments(fields['attachments']);
  if (upload && fields['files'] !== undefined)
    throw new WebexError(400, 'Only one file can be attached to a message');
  const file = upload ?? (fields['files'] !== undefined ? await fetchPublicFile(fields['files']) : undefined);
  const text = fields['text'] as string | undefined;
  const markdown = fields['markdown'] as string | undefined;
  const html = fields['html'] as string | undefined;
  if (!text && !markdown && !html && !file && !attachments.length) {
    throw new WebexError(400, 'A message needs text, markdown, html, files or attachments');
  }
  const parentId = fields['parentId'];
  if (parentId !== undefined) {
    const parent = typeof parentId === 'string' ? findMessage(ctx, parentId) : undefined;
    if (!parent || parent.roomId !== room.id)
      throw new WebexError(400, 'parentId must name a message in the same room');
  }
  const message = storeMessage(ctx, {
    room,
    from: ctx.state.bot,
    text: text ?? (markdown !== undefined ? plainFromMarkdown(markdown) : undefined),
    markdown,
    html,
    parentId: parentId as string | undefined,
    attachments,
    files: file ? [storeFile(ctx, file)] : [],
    mentionedPeople: mentionsIn(ctx, markdown),
  });
  // Real Webex tells the bot about its own messages too; the app must skip them.
  void deliverer.emit(
    'messages',
    'created',
    messageEventData(ctx, message),
    messageEventData(ctx, message)['personId'] as string,
  );
  return { status: 200, body: messageView(ctx, message) };
}

/**
 * A bot sees only what is meant for it (reference §2.1): everything in 1:1 rooms, and in group rooms
 * its own messages and those that @mention it. Other group messages are 404 to it and left out of lists.
 */
function botCanSee(ctx: EmulatorContext, m: RecordedMessage): boolean {
  return m.roomType === 'direct' || m.fromBot || m.mentionedPeople.includes(ctx.state.bot.id);
}

function listMessages(ctx: EmulatorContext, req: ApiRequest) {
  const roomId = req.query.get('roomId');
  if (!roomId) throw new WebexError(400, 'roomId is required');
  const room = roomById(ctx.state, roomId);
  if (!room) throw new WebexError(404, 'Could not find a room with the provided ID.');
  const max = Number(req.query.get('max') ?? 50);
  const mentioned = req.query.get('mentionedPeople');
  const items = ctx.state.messages
    .filter((m) => m.roomId === roomId && !m.deleted && botCanSee(ctx, m))
    .filter((m) => mentioned !== 'me' || m.mentionedPeople.includes(ctx.state.bot.id))
    .reverse()
    .slice(0, Number.isFinite(max) && max > 0 ? max : 50)
    .map((m) => messageView(ctx, m));
  return { status: 200, body: { items } };
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return ascii === filename
    ? `attachment; filename="${filename}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function messageRoutes(ctx: EmulatorContext, deliverer: Deliverer): Route[] {
  return [
    { method: 'POST', pattern: '/messages', handler: (req) => createMessage(ctx, deliverer, req) },
    { method: 'GET', pattern: '/messages', handler: (req) => listMessages(ctx, req) },
    {
      method: 'GET',
      pattern: '/messages/{id}',
      handler: ({ params }) => {
        const message = findMessage(ctx, params['id']!);
        if (!message || !botCanSee(ctx, message)) {
          throw new WebexError(404, 'Could not find a message with the provided ID.');
        }
        return { status: 200, body: messageView(ctx, message) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/messages/{id}',
      handler: ({ params }) => {
        const message = findMessage(ctx, params['id']!);
        if (!message) throw new WebexError(404, 'Could not find a message with the provided ID.');
        if (!message.fromBot) throw new WebexError(403, 'A bot can delete only its own messages');
        message.deleted = true;
        const data = messageEventData(ctx, message);
        void deliverer.emit('messages', 'deleted', data, data['personId'] as string);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/contents/{id}',
      handler: ({ params }) => {
        const file = ctx.state.files.get(params['id']!);
        if (!file) throw new WebexError(404, 'Could not find the content with the provided ID.');
        return {
          status: 200,
          bytes: file.bytes,
          headers: {
            'content-type': file.contentType,
            'content-disposition': contentDisposition(file.filename),
            'content-length': String(file.bytes.length),
          },
        };
      },
    },
  ];
}
