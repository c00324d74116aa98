import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../types.ts';
import { WorksApiError } from '../api.ts';
import { driveClient } from './drive.ts';
import { failure, type WorksClientHarness, worksClientHarness } from './test-harness.ts';

let harness: WorksClientHarness;

beforeEach(async () => {
  harness = await worksClientHarness({
    users: [{ userId: 'kim', email: 'kim@example.com' }],
    groupFolders: [
      {
        groupId: 'g1',
        files: [
          { path: 'reports/w18.xlsx', data: 'w18' },
          { path: 'reports/w19.xlsx', data: 'w19' },
        ],
      },
      { groupId: 'closed', members: ['lee'] },
    ],
  });
});
afterEach(() => harness.close());

const USER_SCOPES = ['file', 'group.folder'];

/** A drive client; `auth: 'user'` runs the consent flow against the emulator first (as `kim`). */
async function drive(auth: 'user' | 'service-account', scopes = USER_SCOPES) {
  return driveClient(auth === 'user' ? await harness.userDeps({ scopes }) : harness.deps({ scopes, auth }));
}

describe('group folder', () => {
  it('lists the root and pages a folder over two pages', async () => {
    const d = await drive('user');
    const root = await d.list({ groupId: 'g1' });
    expect(root.items.map((f) => [f.fileName, f.fileType])).toEqual([['reports', 'FOLDER']]);
    const folderId = root.items[0]!.fileId;
    const first = await d.list({ groupId: 'g1', folderId, count: 1 });
    const second = await d.list({ groupId: 'g1', folderId, count: 1, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((f) => f.fileName)).toEqual(['w18.xlsx', 'w19.xlsx']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('creates a folder, uploads into it and downloads the same bytes', async () => {
    const d = await drive('user');
    const folder = await d.createFolder({ groupId: 'g1', name: '2024' });
    expect(folder).toMatchObject({ fileType: 'FOLDER', fileName: '2024' });
    const bytes = new Uint8Array([0, 255, 13, 10, 45, 45, 1]);
    const file = await d.upload({ groupId: 'g1', folderId: folder.fileId, fileName: '주간보고.xlsx', bytes });
    expect(file).toMatchObject({ fileName: '주간보고.xlsx', fileSize: 7, fileType: 'FILE' });
    const got = await d.download({ groupId: 'g1', fileId: file.fileId ?? '' });
    expect(got.fileName).toBe('주간보고.xlsx');
    expect([...got.bytes]).toEqual([...bytes]);

    const again = {
      groupId: 'g1',
      folderId: folder.fileId,
      fileName: '주간보고.xlsx',
      bytes: new Uint8Array([7]),
    };
    expect(await failure(d.upload(again))).toMatchObject({ status: 409, retryable: false });
    expect(await d.upload({ ...again, overwrite: true })).toMatchObject({ fileId: file.fileId, fileSize: 1 });
  });

  it('renews the token once when the storage upload answers 401', async () => {
    const d = await drive('user');
    harness.emu.inject({ path: '/storage/drive/upload/', status: 401, times: 1 });
    const file = await d.upload({ groupId: 'g1', fileName: 'a.txt', bytes: new Uint8Array([1]) });
    expect(file.fileSize).toBe(1);
    expect(harness.emu.state.tokenCalls.refresh_token).toBe(1);
  });

  it('a 429 on the upload URL call is retryable', async () => {
    const d = await drive('user');
    harness.emu.inject({ path: '/folder/files', method: 'POST', status: 429, times: 1 });
    const err = await failure(d.upload({ groupId: 'g1', fileName: 'a.txt', bytes: new Uint8Array([1]) }));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.retryable).toBe(true);
  });
});

describe('user token required', () => {
  it('a service-account connection is refused before any call, explaining what to do', async () => {
    const d = await drive('service-account', ['bot']);
    const before = harness.emu.state.requests.length;
    const err = await failure(d.list({ groupId: 'g1' }));
    expect(err).toBeInstanceOf(WorksApiError);
    expect(err).toMatchObject({ status: 403, errorCode: 'FORBIDDEN', retryable: false });
    expect(err.message).toContain('auth: user');
    expect(err.message).toContain('opsbot auth login works');
    expect(harness.emu.state.requests.length).toBe(before);
  });

  it('a 403 FORBIDDEN from the API gets the same explanation, keeping the API words', async () => {
    const d = await drive('user', ['file']);
    const err = await failure(d.list({ groupId: 'g1' }));
    expect(err).toMatchObject({ status: 403, errorCode: 'FORBIDDEN', retryable: false });
    expect(err.message).toContain('requires one of scopes: group.folder');
    expect(err.message).toContain('opsbot auth login works');
    const closed = await failure((await drive('user')).list({ groupId: 'closed' }));
    expect(closed.message).toContain('not a member of this group');
  });

  it('needs exactly one of groupId and userId', async () => {
    const d = await drive('user');
    const err = await failure(d.list({} as never));
    expect(err.message).toContain('exactly one of groupId or userId');
  });
});

describe('my drive', () => {
  it('uploads to and lists "me"', async () => {
    const d = await drive('user');
    await d.upload({ userId: 'me', fileName: 'notes.md', bytes: new TextEncoder().encode('# hi') });
    const page = await d.list({ userId: 'me' });
    expect(page.items.map((f) => [f.fileName, f.fileSize])).toEqual([['notes.md', 4]]);
    const got = await d.download({ userId: 'kim', fileId: page.items[0]!.fileId });
    expect(new TextDecoder().decode(got.bytes)).toBe('# hi');
  });
});
