import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, CLIENT, keys, postForm, serviceToken, start } from './testkit.ts';

const SCOPES = ['file', 'file.read', 'group.folder', 'group.folder.read'];
let emu: WorksEmulator;
let token: string;

/** A user token through the authorization-code flow, acting as `kim`. */
async function userToken(scope: string): Promise<string> {
  const q = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUri,
    scope,
    response_type: 'code',
  });
  const res = await fetch(`${emu.authUrl}/authorize?${q}`, { redirect: 'manual' });
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const tokens = await postForm(`${emu.authUrl}/token`, {
    grant_type: 'authorization_code',
    code,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
  });
  return ((await tokens.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  emu = await start({
    clients: [{ ...CLIENT, scopes: [...CLIENT.scopes, ...SCOPES], publicKeyPem: keys.publicKey }],
    users: [{ userId: 'kim', email: 'kim@example.com' }],
    groupFolders: [
      {
        groupId: 'g1',
        files: [
          { path: 'reports/2024/w18.xlsx', data: 'week 18' },
          { path: 'reports/2024/w19.xlsx', data: 'week 19' },
          { path: 'readme.txt', data: 'hello' },
          { path: 'empty/' },
        ],
      },
      { groupId: 'closed', members: ['lee'] },
    ],
    userDrives: [{ userId: 'kim', files: [{ path: 'notes.md', data: '# notes' }] }],
  });
  token = await userToken(SCOPES.join(' '));
});
afterAll(() => emu.close());

type FileWire = { fileId: string; fileName: string; fileType: string; fileSize: number; filePath: string };
type Listing = { files: FileWire[]; responseMetaData: { nextCursor?: string } };

async function list(path: string): Promise<Listing> {
  const res = await api(emu, token, 'GET', path);
  expect(res.status).toBe(200);
  return (await res.json()) as Listing;
}

async function upload(uploadUrl: string, bytes: Uint8Array, bearer = token) {
  const form = new FormData();
  form.append('Filedata', new Blob([bytes]), 'f');
  return fetch(uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, body: form });
}

describe('group folder', () => {
  it('lists the root and a folder, paging its children', async () => {
    const root = await list('/groups/g1/folder/files');
    expect(root.files.map((f) => [f.fileName, f.fileType])).toEqual([
      ['reports', 'FOLDER'],
      ['readme.txt', 'FILE'],
      ['empty', 'FOLDER'],
    ]);
    const reports = root.files[0]!;
    const year = (await list(`/groups/g1/folder/files/${reports.fileId}/children`)).files[0]!;
    expect(year.filePath).toBe('/reports/2024/');
    const first = await list(`/groups/g1/folder/files/${year.fileId}/children?count=1`);
    expect(first.files.map((f) => f.fileName)).toEqual(['w18.xlsx']);
    const q = new URLSearchParams({ count: '1', cursor: first.responseMetaData.nextCursor ?? '' });
    const second = await list(`/groups/g1/folder/files/${year.fileId}/children?${q}`);
    expect(second.files.map((f) => [f.fileName, f.fileSize])).toEqual([['w19.xlsx', 7]]);
    expect(second.responseMetaData).toEqual({});
  });

  it('downloads through a 302 that needs the bearer token', async () => {
    const readme = (await list('/groups/g1/folder/files')).files.find((f) => f.fileName === 'readme.txt')!;
    const res = await api(emu, token, 'GET', `/groups/g1/folder/files/${readme.fileId}/download`);
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect((await fetch(location)).status).toBe(401);
    const file = await fetch(location, { headers: { authorization: `Bearer ${token}` } });
    expect(await file.text()).toBe('hello');
    expect(file.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''readme.txt");
  });

  it('uploads into a folder: URL, multipart Filedata, size check, overwrite', async () => {
    const empty = (await list('/groups/g1/folder/files')).files.find((f) => f.fileName === 'empty')!;
    const path = `/groups/g1/folder/files/${empty.fileId}`;
    const bytes = new Uint8Array([0, 255, 13, 10, 45, 45, 7]);
    const created = await api(emu, token, 'POST', path, { fileName: '보고서.xlsx', fileSize: bytes.length });
    expect(created.status).toBe(200);
    const { uploadUrl } = (await created.json()) as { uploadUrl: string };
    expect((await upload(uploadUrl, bytes.subarray(1))).status).toBe(400);
    const up = await upload(uploadUrl, bytes);
    expect(up.status).toBe(200);
    const file = (await up.json()) as FileWire;
    expect(file).toMatchObject({ fileName: '보고서.xlsx', fileSize: 7, filePath: '/empty/보고서.xlsx' });
    expect(emu.state.driveFiles.get(file.fileId)?.bytes?.equals(Buffer.from(bytes))).toBe(true);
    expect((await upload(uploadUrl, bytes)).status).toBe(400);

    const again = { fileName: '보고서.xlsx', fileSize: 1 };
    expect((await api(emu, token, 'POST', path, again)).status).toBe(409);
    const over = await api(emu, token, 'POST', path, { ...again, overwrite: true });
    const replaced = (await (
      await upload(((await over.json()) as { uploadUrl: string }).uploadUrl, new Uint8Array([9]))
    ).json()) as FileWire;
    expect(replaced).toMatchObject({ fileId: file.fileId, fileSize: 1 });
  });

  it('creates folders at the root and inside a folder', async () => {
    const res = await api(emu, token, 'POST', '/groups/g1/folder/files/createfolder', { fileName: '2025' });
    expect(res.status).toBe(201);
    const folder = (await res.json()) as FileWire;
    expect(folder).toMatchObject({ fileType: 'FOLDER', filePath: '/2025/' });
    const inner = await api(emu, token, 'POST', `/groups/g1/folder/files/${folder.fileId}/createfolder`, {
      fileName: 'Q1',
    });
    expect(((await inner.json()) as FileWire).filePath).toBe('/2025/Q1/');
    const dup = await api(emu, token, 'POST', '/groups/g1/folder/files/createfolder', { fileName: '2025' });
    expect(dup.status).toBe(409);
    const bad = await api(emu, token, 'POST', '/groups/g1/folder/files/createfolder', { fileName: 'a/b' });
    expect(bad.status).toBe(400);
  });

  it('refuses service accounts, missing scopes, non-members and unknown groups', async () => {
    const sa = await serviceToken(emu, 'bot group.folder');
    const res = await api(emu, sa, 'GET', '/groups/g1/folder/files');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      code: 'FORBIDDEN',
      description: 'service accounts cannot use this API: a user-account token is required',
    });
    const readOnly = await userToken('group.folder.read');
    expect((await api(emu, readOnly, 'GET', '/groups/g1/folder/files')).status).toBe(200);
    const write = await api(emu, readOnly, 'POST', '/groups/g1/folder/files', { fileName: 'x', fileSize: 1 });
    expect(write.status).toBe(403);
    expect((await api(emu, token, 'GET', '/groups/closed/folder/files')).status).toBe(403);
    expect((await api(emu, token, 'GET', '/groups/nope/folder/files')).status).toBe(404);
  });
});

describe('my drive', () => {
  it('lists with me or the own email, uploads to the root, refuses other users', async () => {
    expect((await list('/users/me/drive/files')).files.map((f) => f.fileName)).toEqual(['notes.md']);
    expect((await list('/users/kim%40example.com/drive/files')).files).toHaveLength(1);
    const created = await api(emu, token, 'POST', '/users/me/drive/files', {
      fileName: 'a.bin',
      fileSize: 3,
    });
    const { uploadUrl } = (await created.json()) as { uploadUrl: string };
    expect((await upload(uploadUrl, new Uint8Array([1, 2, 3]))).status).toBe(200);
    expect((await list('/users/kim/drive/files')).files.map((f) => f.fileName)).toEqual([
      'notes.md',
      'a.bin',
    ]);
    expect((await api(emu, token, 'GET', '/users/lee/drive/files')).status).toBe(403);
    const sa = await serviceToken(emu, 'file');
    expect((await api(emu, sa, 'GET', '/users/kim/drive/files')).status).toBe(403);
  });
});
