/**
 * The part of the NAVER WORKS client the weekly report uses (drive + directory), as the app sees it
 * through `ctx.connector(name)`, and folder helpers on top of it.
 */
import type { Logger } from 'opsbot';

export type DriveLocation = { groupId: string } | { userId: string };

export interface DriveFile {
  fileId: string;
  fileName: string;
  fileType: 'FILE' | 'FOLDER';
  fileSize?: number;
  filePath?: string;
}

interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** The NAVER WORKS client's drive and directory namespaces (user token needed for drive). */
export interface WorksDriveClient {
  drive: {
    list(
      input: DriveLocation & { folderId?: string; count?: number; cursor?: string },
    ): Promise<Page<DriveFile>>;
    download(input: DriveLocation & { fileId: string }): Promise<{ fileName?: string; bytes: Uint8Array }>;
    upload(
      input: DriveLocation & { folderId?: string; fileName: string; bytes: Uint8Array; overwrite?: boolean },
    ): Promise<Partial<DriveFile> & { fileName: string }>;
    createFolder(input: DriveLocation & { parentId?: string; name: string }): Promise<DriveFile>;
  };
  directory: {
    groups(opts?: { count?: number; cursor?: string }): Promise<Page<{ groupId: string; groupName: string }>>;
  };
}

export type Location = { group: string } | { drive: string };

async function collect<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const p = await page(cursor);
    all.push(...p.items);
    if (!p.nextCursor || p.nextCursor === cursor) break;
    cursor = p.nextCursor;
  }
  return all;
}

/** `{ group }` by name (or id) through the directory; `{ drive: 'me' | userId }` as given. */
export async function resolveLocation(
  client: WorksDriveClient,
  location: Location,
  log: Logger,
): Promise<DriveLocation> {
  if ('drive' in location) return { userId: location.drive };
  const wanted = location.group.trim();
  let groups: Array<{ groupId: string; groupName: string }>;
  try {
    groups = await collect((cursor) =>
      client.directory.groups({ count: 100, ...(cursor ? { cursor } : {}) }),
    );
  } catch (err) {
    // Without directory scopes the group can still be named by its id.
    log.warn({ err: String(err) }, 'cannot list groups; using the group as a groupId');
    return { groupId: wanted };
  }
  const match =
    groups.find((g) => g.groupId === wanted) ??
    groups.find((g) => g.groupName === wanted) ??
    groups.find((g) => g.groupName.replace(/\s+/g, '') === wanted.replace(/\s+/g, ''));
  if (!match) {
    const known = groups.map((g) => g.groupName).join(', ');
    throw new Error(`group "${wanted}" not found in the directory (groups: ${known || 'none'})`);
  }
  return { groupId: match.groupId };
}

export function listFolder(
  client: WorksDriveClient,
  at: DriveLocation,
  folderId?: string,
): Promise<DriveFile[]> {
  return collect((cursor) =>
    client.drive.list({
      ...at,
      ...(folderId === undefined ? {} : { folderId }),
      count: 100,
      ...(cursor ? { cursor } : {}),
    }),
  );
}

/** The folder at a path of names from the root ('' = the root); null when a part is missing. */
export async function findFolder(
  client: WorksDriveClient,
  at: DriveLocation,
  parts: readonly string[],
): Promise<{ folderId: string | undefined } | null> {
  let folderId: string | undefined;
  for (const name of parts) {
    const entries = await listFolder(client, at, folderId);
    const next = entries.find((e) => e.fileType === 'FOLDER' && e.fileName === name);
    if (!next) return null;
    folderId = next.fileId;
  }
  return { folderId };
}

export const pathParts = (path: string) => path.split('/').filter((p) => p.trim() !== '');
