/**
 * Bot attachments: create → upload URL (POST multipart, part `Filedata`, bearer auth) → fileId;
 * download answers 302 to a separate storage URL, like the real storage host.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, requireScope } from './auth.ts';
import { findBot } from './bot.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { boundaryOf, type Part, parseMultipart } from './multipart.ts';
import { restError } from './replies.ts';
import { randomId } from './state.ts';
import { isObj } from './validate.ts';

/** Storage lives outside `/v1.0` because on the real service it is another host. */
export const STORAGE_PREFIX = '/storage';

/** The `Filedata` part of a storage upload, or null once the 400 has been sent. */
export function receiveFiledata(req: FastifyRequest, reply: FastifyReply): Part | null {
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary || !Buffer.isBuffer(req.body)) {
    restError(reply, 400, 'INVALID_PARAMETER', 'body must be multipart/form-data');
    return null;
  }
  const part = parseMultipart(req.body, boundary).find((p) => p.name === 'Filedata');
  if (!part) restError(reply, 400, 'INVALID_PARAMETER', 'Filedata: multipart part is required');
  return part ?? null;
}

/** `attachment; filename*=` in RFC 5987 form, so Korean and Japanese names survive. */
export function attachmentDisposition(fileName: string): string {
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registerAttachmentRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post(`${API_PREFIX}/bots/:botId/attachments`, async (req, reply) => {
    if (!requireScope(req, reply, ['bot', 'bot.message'])) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const body = isObj(req.body) ? req.body : {};
    const fileName = body['fileName'];
    if (typeof fileName !== 'string' || fileName.length === 0) {
      return restError(reply, 400, 'INVALID_PARAMETER', 'fileName: must be a non-empty string');
    }
    const fileId = randomId('file-');
    const uploadToken = randomId('up-');
    ctx.state.attachments.set(fileId, {
      fileId,
      botId: bot.botId,
      fileName,
      uploadToken,
      uploaded: false,
      downloadToken: randomId('dl-'),
    });
    return reply.send({ fileId, uploadUrl: `${ctx.baseUrl()}${STORAGE_PREFIX}/upload/${uploadToken}` });
  });

  app.post(`${STORAGE_PREFIX}/upload/:token`, async (req, reply) => {
    // The doc example sends the bearer token to the storage host too; require it.
    if (!authenticate(ctx, req, reply)) return reply;
    const token = (req.params as Record<string, string>)['token'];
    const att = [...ctx.state.attachments.values()].find((a) => a.uploadToken === token);
    if (!att) return restError(reply, 404, 'NOT_FOUND', 'unknown upload URL');
    if (att.uploaded) return restError(reply, 400, 'INVALID_PARAMETER', 'upload URL already used');
    const part = receiveFiledata(req, reply);
    if (!part) return reply;
    att.bytes = part.data;
    att.uploaded = true;
    return reply.send({ fileId: att.fileId });
  });

  app.get(`${API_PREFIX}/bots/:botId/attachments/:fileId`, async (req, reply) => {
    if (!requireScope(req, reply, ['bot', 'bot.message', 'bot.read'])) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const att = ctx.state.attachments.get((req.params as Record<string, string>)['fileId'] ?? '');
    if (!att || att.botId !== bot.botId || !att.uploaded) {
      return restError(reply, 404, 'NOT_FOUND', 'attachment not found');
    }
    return reply
      .code(302)
      .header('location', `${ctx.baseUrl()}${STORAGE_PREFIX}/download/${att.downloadToken}`)
      .send();
  });

  app.get(`${STORAGE_PREFIX}/download/:token`, async (req, reply) => {
    // The download URL is the credential (no bearer), so a client need not forward its token.
    const token = (req.params as Record<string, string>)['token'];
    const att = [...ctx.state.attachments.values()].find((a) => a.downloadToken === token);
    if (!att?.bytes) return restError(reply, 404, 'NOT_FOUND', 'unknown download URL');
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', attachmentDisposition(att.fileName))
      .send(att.bytes);
  });
}
