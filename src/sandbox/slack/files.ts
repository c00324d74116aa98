/**
 * The v2 upload flow: `files.getUploadURLExternal` hands out an upload URL and a file id, the bytes
 * are POSTed there (raw, or multipart as @slack/web-api's `files.uploadV2` sends them), and
 * `files.completeUploadExternal` names the files and shares them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, invalidArguments, jsonArg, str } from './args.ts';
import { postableChannel } from './chat.ts';
import type { EmulatorContext } from './context.ts';
import { mediaType, readBody, sendText } from './http.ts';
import { newId, randomHex } from './ids.ts';
import type { RecordedFile, RecordedMessage } from './types.ts';

type Args = Record<string, unknown>;

export const UPLOAD_PREFIX = '/upload/v1/';

/** Upload secret → file id; the URL alone authorises the upload, as Slack's pre-signed URLs do. */
const uploads = new WeakMap<EmulatorContext, Map<string, string>>();

function uploadMap(ctx: EmulatorContext): Map<string, string> {
  let map = uploads.get(ctx);
  if (!map) {
    map = new Map();
    uploads.set(ctx, map);
  }
  return map;
}

function getUploadUrl(ctx: EmulatorContext, args: Args) {
  const filename = str(args, 'filename');
  const length = Number(str(args, 'length'));
  if (!filename) throw invalidArguments('[ERROR] missing required field: filename');
  if (!Number.isInteger(length) || length < 1) throw invalidArguments('[ERROR] invalid `length`');
  const file: RecordedFile = { id: newId('F'), filename, length, channels: [], completed: false };
  ctx.state.files.push(file);
  const secret = randomHex(12);
  uploadMap(ctx).set(secret, file.id);
  return { upload_url: `${ctx.baseUrl()}${UPLOAD_PREFIX}${secret}`, file_id: file.id };
}

/** The file part of a multipart body (any field holding a file), or the raw body itself. */
async function fileBytes(req: IncomingMessage, raw: Buffer): Promise<{ bytes: Buffer; type?: string }> {
  const type = mediaType(req);
  if (type !== 'multipart/form-data') return { bytes: raw, ...(type ? { type } : {}) };
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': req.headers['content-type'] ?? '' },
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') {
      return { bytes: Buffer.from(await value.arrayBuffer()), ...(value.type ? { type: value.type } : {}) };
    }
  }
  throw new Error('multipart body without a file part');
}

/** `POST /upload/v1/<secret>`: answers `OK - <bytes>` the way Slack's upload host does. */
export async function handleUpload(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse) {
  const secret = (req.url ?? '').slice(UPLOAD_PREFIX.length).split('?')[0]!;
  const file = ctx.state.files.find((f) => f.id === uploadMap(ctx).get(secret));
  if (req.method !== 'POST' || !file) return sendText(res, 404, 'not found');
  try {
    const { bytes, type } = await fileBytes(req, await readBody(req));
    file.bytes = bytes;
    if (type) file.contentType = type;
    sendText(res, 200, `OK - ${bytes.length}`);
  } catch (err) {
    sendText(res, 400, err instanceof Error ? err.message : String(err));
  }
}

function readFileList(args: Args): Array<{ id: string; title?: string }> {
  const files = jsonArg(args, 'files', 'invalid_arguments');
  if (!Array.isArray(files) || files.length === 0)
    throw invalidArguments('[ERROR] missing required field: files');
  return files.map((f) => {
    const item = f as { id?: unknown; title?: unknown };
    if (typeof item.id !== 'string') throw invalidArguments('[ERROR] each file needs an id');
    return { id: item.id, ...(typeof item.title === 'string' ? { title: item.title } : {}) };
  });
}

function shareTargets(args: Args): string[] {
  const channelId = str(args, 'channel_id');
  if (channelId) return [channelId];
  return (str(args, 'channels') ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

/** A file never uploaded to is `file_not_found` too: Slack has nothing to complete. */
function completeUpload(ctx: EmulatorContext, args: Args) {
  const list = readFileList(args);
  const targets = shareTargets(args).map((c) => postableChannel(ctx.state, c));
  const files = list.map(({ id, title }) => {
    const file = ctx.state.files.find((f) => f.id === id);
    if (!file?.bytes) throw new ApiError('file_not_found');
    return { file, title };
  });
  const threadTs = str(args, 'thread_ts');
  const comment = str(args, 'initial_comment');
  for (const { file, title } of files) {
    file.title = title ?? file.filename;
    file.completed = true;
    file.channels.push(...targets);
  }
  for (const channel of targets) {
    const message: RecordedMessage = {
      channel,
      ts: ctx.state.nextTs(),
      author: ctx.state.workspace.botUserId,
      ephemeral: false,
      ...(comment ? { text: comment } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      files: files.map(({ file }) => file.id),
      via: 'file',
    };
    ctx.state.messages.push(message);
  }
  return {
    files: files.map(({ file }) => ({
      id: file.id,
      name: file.filename,
      title: file.title,
      size: file.bytes?.length ?? 0,
      mimetype: file.contentType ?? 'application/octet-stream',
      channels: file.channels,
    })),
  };
}

export const FILE_METHODS = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
