import { DeliveryError } from '../../types.ts';
import { WorksApiError } from '../api.ts';
import { type Page, type PageOptions, query, type RawClientDeps, toPage } from './deps.ts';
import { type DownloadedFile, downloadFollowing, postFiledata } from './upload.ts';

/**
 * "My drive" and group (team) folders. The service refuses service-account tokens here with 403
 * FORBIDDEN; a weekly-report job that writes to a team folder must run as a user.
 */

/** Exactly one: a group's folder, or a user's drive (`me` = the user who logged in). */
export type DriveLocation = { groupId: string; userId?: undefined } | { userId: string; groupId?: undefined };

export interface DriveFile {
  fileId: string;
  fileName: string;
  fileSize: number;
  fileType: 'FILE' | 'FOLDER';
  filePath?: string;
  parentFileId?: string;
  createdTime?: string;
  modifiedTime?: string;
}

/** What an upload answers: the stored file, or (without a storage answer) the name and size sent. */
export type UploadedFile = Partial<DriveFile> & Pick<DriveFile, 'fileName' | 'fileSize'>;

export function driveClient(deps: RawClientDeps) {
  const { connection, options, request, raw } = deps;

  const needsUser = (detail: string) =>
    new WorksApiError(
      `connection "${connection}": ${detail}. NAVER WORKS drive and group folders need a user token ` +
        '(set auth: user with scopes file/file.read or group.folder/group.folder.read, then run ' +
        `\`opsbot auth login ${connection}\`)`,
      { status: 403, code: 'FORBIDDEN', description: detail },
    );

  /** Runs a call, first refusing service accounts, and explains a 403 the API gives anyway. */
  const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
    if (options.auth === 'service-account') {
      throw needsUser('service-account tokens cannot use drive or group folders');
    }
    try {
      return await call();
    } catch (err) {
      if (err instanceof WorksApiError && err.status === 403 && err.errorCode === 'FORBIDDEN') {
        // A user token can still lack the scope or the group membership: keep the API's own words.
        throw needsUser(err.message);
      }
      throw err;
    }
  };

  const root = (at: { groupId?: string | undefined; userId?: string | undefined }): string => {
    if ((at.groupId === undefined) === (at.userId === undefined)) {
      throw new DeliveryError('drive calls need exactly one of groupId or userId', { retryable: false });
    }
    return at.groupId !== undefined
      ? `/groups/${encodeURIComponent(at.groupId)}/folder/files`
      : `/users/${encodeURIComponent(at.userId ?? '')}/drive/files`;
  };

  const under = (base: string, id: string | undefined) =>
    id === undefined ? base : `${base}/${encodeURIComponent(id)}`;

  return {
    /** The root, or the children of `folderId`. */
    list(input: DriveLocation & PageOptions & { folderId?: string }): Promise<Page<DriveFile>> {
      return guarded(async () => {
        const base = root(input);
        const path = input.folderId === undefined ? base : `${under(base, input.folderId)}/children`;
        const res = await request('GET', `${path}${query({ count: input.count, cursor: input.cursor })}`);
        return toPage<DriveFile>(res.body, 'files');
      });
    },

    download(input: DriveLocation & { fileId: string }): Promise<DownloadedFile> {
      return guarded(() =>
        downloadFollowing(raw, options.apiUrl, `${under(root(input), input.fileId)}/download`),
      );
    },

    /** Into the root or `folderId`; a same-named file is a 409 unless `overwrite`. */
    upload(
      input: DriveLocation & { folderId?: string; fileName: string; bytes: Uint8Array; overwrite?: boolean },
    ): Promise<UploadedFile> {
      return guarded(async () => {
        const res = await request('POST', under(root(input), input.folderId), {
          fileName: input.fileName,
          fileSize: input.bytes.byteLength,
          ...(input.overwrite === undefined ? {} : { overwrite: input.overwrite }),
        });
        const uploadUrl = (res.body as { uploadUrl?: unknown } | undefined)?.uploadUrl;
        if (typeof uploadUrl !== 'string') {
          throw new DeliveryError('drive upload answered without uploadUrl', { retryable: false });
        }
        const stored = (await postFiledata(raw, uploadUrl, input.fileName, input.bytes)) as
          | DriveFile
          | undefined;
        // A storage host may answer without JSON: then only what was sent is known (no fileId).
        return stored?.fileId ? stored : { fileName: input.fileName, fileSize: input.bytes.byteLength };
      });
    },

    /** In the root or in `parentId`. */
    createFolder(input: DriveLocation & { parentId?: string; name: string }): Promise<DriveFile> {
      return guarded(async () => {
        const path = `${under(root(input), input.parentId)}/createfolder`;
        const res = await request('POST', path, { fileName: input.name });
        return res.body as DriveFile;
      });
    },
  };
}

export type DriveClient = ReturnType<typeof driveClient>;
