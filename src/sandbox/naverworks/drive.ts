/**
 * "My drive" (`/users/{userId}/drive/files`) and group folders (`/groups/{groupId}/folder/files`):
 * list, download (302 to storage, fetched with the bearer token), upload URL + multipart `Filedata`,
 * create folder. Both refuse service-account tokens with 403, as the real service does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachmentDisposition, receiveFiledata, STORAGE_PREFIX } from './attachments.ts';
import { authenticate, requireScope, tokenOf } from './auth.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { metaData, paginate } from './paging.ts';
import { restError } from './replies.ts';
import { randomId } from './state.ts';
import type { DriveFileRecord, WorksDriveFileSeed } from './types.ts';
import { InvalidParameter, isObj, type Obj } from './validate.ts';

type Params = Record<string, string>;

interface SpaceKind {
  base: string;
  read: readonly string[];
  write: readonly string[];
  /** The space key (`group:…` / `user:…`), or null once an error has been sent. */
  resolve(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply, userId: string): string | null;
}

const GROUP: SpaceKind = {
  base: `${API_PREFIX}/groups/:groupId/folder/files`,
  read: ['group.folder', 'group.folder.read'],
  write: ['group.folder'],
  resolve(ctx, req, reply, userId) {
    const groupId = (req.params as Params)['groupId'] ?? '';
    const group = ctx.options.groupFolders?.find((g) => g.groupId === groupId);
    if (!group) {
      restError(reply, 404, 'NOT_FOUND', 'group not found');
      return null;
    }
    if (group.members && !group.members.includes(userId)) {
      restError(reply, 403, 'FORBIDDEN', 'not a member of this group');
      return null;
    }
    return `group:${groupId}`;
  },
};

const USER: SpaceKind = {
  base: `${API_PREFIX}/users/:userId/drive/files`,
  read: ['file', 'file.read'],
  write: ['file'],
  resolve(ctx, req, reply, userId) {
    const raw = (req.params as Params)['userId'] ?? '';
    const target = raw === 'me' ? userId : (ctx.state.users.find((u) => u.email === raw)?.userId ?? raw);
    if (target !== userId) {
      restError(reply, 403, 'FORBIDDEN', "a user token may only open its own user's drive");
      return null;
    }
    return `user:${userId}`;
  },
};

function spaceOf(
  ctx: EmulatorContext,
  kind: SpaceKind,
  req: FastifyRequest,
  reply: FastifyReply,
  write: boolean,
): string | null {
  const userId = tokenOf(req)?.userId;
  if (!userId) {
    // The documented trap: service accounts cannot reach drive or folder APIs at all.
    restError(
      reply,
      403,
      'FORBIDDEN',
      'service accounts cannot use this API: a user-account token is required',
    );
    return null;
  }
  if (!requireScope(req, reply, write ? kind.write : kind.read)) return null;
  return kind.resolve(ctx, req, reply, userId);
}

function childrenOf(ctx: EmulatorContext, space: string, parentId: string | null): DriveFileRecord[] {
  return [...ctx.state.driveFiles.values()].filter((f) => f.space === space && f.parentId === parentId);
}

function pathOf(ctx: EmulatorContext, file: DriveFileRecord): string {
  const names: string[] = [];
  let f: DriveFileRecord | undefined = file;
  while (f) {
    names.unshift(f.fileName);
    f = f.parentId ? ctx.state.driveFiles.get(f.parentId) : undefined;
  }
  return `/${names.join('/')}${file.fileType === 'FOLDER' ? '/' : ''}`;
}

function toWire(ctx: EmulatorContext, f: DriveFileRecord) {
  return {
    fileId: f.fileId,
    fileName: f.fileName,
    fileType: f.fileType,
    fileSize: f.bytes?.length ?? 0,
    filePath: pathOf(ctx, f),
    ...(f.parentId === null ? {} : { parentFileId: f.parentId }),
    hasChild: f.fileType === 'FOLDER' && childrenOf(ctx, f.space, f.fileId).length > 0,
    createdTime: new Date(f.createdAt).toISOString(),
    modifiedTime: new Date(f.modifiedAt).toISOString(),
  };
}

function addFile(
  ctx: EmulatorContext,
  space: string,
  parentId: string | null,
  fileName: string,
  bytes: Buffer | undefined,
): DriveFileRecord {
  const now = ctx.now();
  const file: DriveFileRecord = {
    fileId: randomId('df-'),
    space,
    parentId,
    fileName,
    fileType: bytes ? 'FILE' : 'FOLDER',
    ...(bytes ? { bytes } : {}),
    createdAt: now,
    modifiedAt: now,
    downloadToken: randomId('dd-'),
  };
  ctx.state.driveFiles.set(file.fileId, file);
  return file;
}

function seedFiles(ctx: EmulatorContext, space: string, seeds: readonly WorksDriveFileSeed[]): void {
  for (const seed of seeds) {
    const names = seed.path.split('/').filter((n) => n.length > 0);
    const isFolder = seed.path.endsWith('/');
    let parentId: string | null = null;
    names.forEach((name, i) => {
      const last = i === names.length - 1;
      const existing = childrenOf(ctx, space, parentId).find((f) => f.fileName === name);
      const bytes = last && !isFolder ? Buffer.from(seed.data ?? '') : undefined;
      parentId = (existing ?? addFile(ctx, space, parentId, name, bytes)).fileId;
    });
  }
}

function fileName(body: Obj): string {
  const name = body['fileName'];
  if (typeof name !== 'string' || name.length === 0 || name.includes('/') || [...name].length > 255) {
    throw new InvalidParameter('fileName', 'must be 1..255 characters without "/"');
  }
  return name;
}

/** Which folder a request targets: the root, or `:fileId` / `:folderId` when it names a folder. */
function folderOf(
  ctx: EmulatorContext,
  space: string,
  req: FastifyRequest,
  reply: FastifyReply,
): { parentId: string | null } | null {
  const params = req.params as Params;
  const id = params['folderId'] ?? params['fileId'];
  if (id === undefined) return { parentId: null };
  const folder = ctx.state.driveFiles.get(id);
  if (!folder || folder.space !== space) {
    restError(reply, 404, 'NOT_FOUND', 'file not found');
    return null;
  }
  if (folder.fileType !== 'FOLDER') {
    restError(reply, 400, 'INVALID_PARAMETER', 'fileId: not a folder');
    return null;
  }
  return { parentId: folder.fileId };
}

function registerSpace(app: FastifyInstance, ctx: EmulatorContext, kind: SpaceKind): void {
  const list = async (req: FastifyRequest, reply: FastifyReply) => {
    const space = spaceOf(ctx, kind, req, reply, false);
    if (!space) return reply;
    const folder = folderOf(ctx, space, req, reply);
    if (!folder) return reply;
    const page = paginate(childrenOf(ctx, space, folder.parentId), req.query as Params, 20);
    return reply.send({ files: page.items.map((f) => toWire(ctx, f)), responseMetaData: metaData(page) });
  };
  app.get(kind.base, list);
  app.get(`${kind.base}/:fileId/children`, list);

  app.get(`${kind.base}/:fileId`, async (req, reply) => {
    const space = spaceOf(ctx, kind, req, reply, false);
    if (!space) return reply;
    const file = ctx.state.driveFiles.get((req.params as Params)['fileId'] ?? '');
    if (!file || file.space !== space) return restError(reply, 404, 'NOT_FOUND', 'file not found');
    return reply.send(toWire(ctx, file));
  });

  app.get(`${kind.base}/:fileId/download`, async (req, reply) => {
    const space = spaceOf(ctx, kind, req, reply, false);
    if (!space) return reply;
    const file = ctx.state.driveFiles.get((req.params as Params)['fileId'] ?? '');
    if (!file || file.space !== space) return restError(reply, 404, 'NOT_FOUND', 'file not found');
    if (file.fileType !== 'FILE') return restError(reply, 400, 'INVALID_PARAMETER', 'fileId: a folder');
    return reply
      .code(302)
      .header('location', `${ctx.baseUrl()}${STORAGE_PREFIX}/drive/download/${file.downloadToken}`)
      .send();
  });

  const createUploadUrl = async (req: FastifyRequest, reply: FastifyReply) => {
    const space = spaceOf(ctx, kind, req, reply, true);
    if (!space) return reply;
    const folder = folderOf(ctx, space, req, reply);
    if (!folder) return reply;
    const body = isObj(req.body) ? req.body : {};
    const name = fileName(body);
    const size = body['fileSize'];
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw new InvalidParameter('fileSize', 'must be a non-negative integer');
    }
    const overwrite = body['overwrite'] ?? false;
    if (typeof overwrite !== 'boolean') throw new InvalidParameter('overwrite', 'must be a boolean');
    const existing = childrenOf(ctx, space, folder.parentId).find((f) => f.fileName === name);
    if (existing && (existing.fileType === 'FOLDER' || !overwrite)) {
      return restError(reply, 409, 'ALREADY_EXIST', 'a file with this name already exists');
    }
    const token = randomId('du-');
    ctx.state.driveUploads.set(token, {
      token,
      space,
      parentId: folder.parentId,
      fileName: name,
      fileSize: size,
      overwrite,
      used: false,
    });
    return reply.send({ uploadUrl: `${ctx.baseUrl()}${STORAGE_PREFIX}/drive/upload/${token}`, offset: 0 });
  };
  app.post(kind.base, createUploadUrl);
  app.post(`${kind.base}/:folderId`, createUploadUrl);

  const createFolder = async (req: FastifyRequest, reply: FastifyReply) => {
    const space = spaceOf(ctx, kind, req, reply, true);
    if (!space) return reply;
    const folder = folderOf(ctx, space, req, reply);
    if (!folder) return reply;
    const name = fileName(isObj(req.body) ? req.body : {});
    if (childrenOf(ctx, space, folder.parentId).some((f) => f.fileName === name)) {
      return restError(reply, 409, 'ALREADY_EXIST', 'a file with this name already exists');
    }
    return reply.code(201).send(toWire(ctx, addFile(ctx, space, folder.parentId, name, undefined)));
  };
  app.post(`${kind.base}/createfolder`, createFolder);
  app.post(`${kind.base}/:folderId/createfolder`, createFolder);
}

function registerStorage(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post(`${STORAGE_PREFIX}/drive/upload/:token`, async (req, reply) => {
    if (!authenticate(ctx, req, reply)) return reply;
    const upload = ctx.state.driveUploads.get((req.params as Params)['token'] ?? '');
    if (!upload) return restError(reply, 404, 'NOT_FOUND', 'unknown upload URL');
    if (upload.used) return restError(reply, 400, 'INVALID_PARAMETER', 'upload URL already used');
    const part = receiveFiledata(req, reply);
    if (!part) return reply;
    if (part.data.length !== upload.fileSize) {
      return restError(
        reply,
        400,
        'INVALID_PARAMETER',
        `Filedata: ${part.data.length} bytes, but fileSize said ${upload.fileSize}`,
      );
    }
    upload.used = true;
    const existing = childrenOf(ctx, upload.space, upload.parentId).find(
      (f) => f.fileName === upload.fileName,
    );
    if (existing && upload.overwrite && existing.fileType === 'FILE') {
      existing.bytes = part.data;
      existing.modifiedAt = ctx.now();
      return reply.send(toWire(ctx, existing));
    }
    if (existing) return restError(reply, 409, 'ALREADY_EXIST', 'a file with this name already exists');
    return reply.send(toWire(ctx, addFile(ctx, upload.space, upload.parentId, upload.fileName, part.data)));
  });

  app.get(`${STORAGE_PREFIX}/drive/download/:token`, async (req, reply) => {
    // Unlike bot attachments, the docs say to fetch this one with the bearer token.
    if (!authenticate(ctx, req, reply)) return reply;
    const token = (req.params as Params)['token'];
    const file = [...ctx.state.driveFiles.values()].find((f) => f.downloadToken === token);
    if (!file?.bytes) return restError(reply, 404, 'NOT_FOUND', 'unknown download URL');
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', attachmentDisposition(file.fileName))
      .send(file.bytes);
  });
}

export function registerDriveRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  for (const g of ctx.options.groupFolders ?? []) seedFiles(ctx, `group:${g.groupId}`, g.files ?? []);
  for (const d of ctx.options.userDrives ?? []) seedFiles(ctx, `user:${d.userId}`, d.files ?? []);
  registerSpace(app, ctx, GROUP);
  registerSpace(app, ctx, USER);
  registerStorage(app, ctx);
}
