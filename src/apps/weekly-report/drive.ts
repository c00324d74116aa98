/**
 * The part of the NAVER WORKS client the weekly report uses (drive + directory), as the app sees it
 * through `ctx.connector(name)`, and folder helpers on top of it.
 */
import { collectPages, type Logger } from 'opsbot';
import type { DriveFile, DriveLocation, NaverworksClient } from 'opsbot/connectors/naverworks';

export type { DriveFile, DriveLocation };

/** The NAVER WORKS client's drive and directory namespaces (user token needed for drive). */
export type WorksDriveClient = Pick<NaverworksClient, 'drive' | 'directory'>;

export type Location = { group: string } | { drive: string };

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
    groups = await collectPages((cursor) =>
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
  return collectPages((cursor) =>
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
