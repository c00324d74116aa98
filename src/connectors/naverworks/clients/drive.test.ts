import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../platform/clock.ts';
import { silentLogger } from '../../../platform/log.ts';
import { openStore } from '../../../platform/store/open.ts';
import type { Store } from '../../../platform/store/types.ts';
import type { WorksEmulator } from '../../../sandbox/naverworks/index.ts';
import { CLIENT, keys, start } from '../../../sandbox/naverworks/testkit.ts';
import { DeliveryError } from '../../types.ts';
import { createWorksApi, createWorksRawFetch, WorksApiError } from '../api.ts';
import { Redactor } from '../errors.ts';
import { naverworksOptions } from '../options.ts';
import { TokenManager } from '../tokens.ts';
import { driveClient } from './drive.ts';

let emu: WorksEmulator;
let store: Store;

beforeEach(async () => {
  emu = await start({
    clients: [{ ...CLIENT, publicKeyPem: keys.publicKey, scopes: undefined }],
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
  store = await openStore({ url: 'sqlite', dataDir: tmpdir(), masterKey: randomBytes(32), memory: true });
});
afterEach(async () => {
  await emu.close();
  await store.close();
});

const USER_SCOPES = ['file', 'group.folder'];

/** A drive client; `auth: 'user'` runs the consent flow against the emulator first (as `kim`). */
async function drive(auth: 'user' | 'service-account', scopes = USER_SCOPES) {
  const options = naverworksOptions.parse({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    serviceAccount: CLIENT.serviceAccount,
    privateKey: keys.privateKey,
    redirectUri: CLIENT.redirectUri,
    scopes,
    auth,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
  });
  const redactor = new Redactor();
  const tokens = new TokenManager({
    connection: 'works',
    options,
    tokens: store.tokens,
    clock: systemClock,
    redactor,
    log: silentLogger(),
  });
  if (auth === 'user') {
    const res = await fetch(tokens.authorizeUrl('s'), { redirect: 'manual' });
    await tokens.exchangeCode(new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '');
  }
  const init = { apiUrl: options.apiUrl, tokens, clock: systemClock, redactor };
  return driveClient({
    connection: 'works',
    options,
    request: createWorksApi(init),
    raw: createWorksRawFetch(init),
  });
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as DeliveryError & { errorCode?: string },
  );

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
    emu.inject({ path: '/storage/drive/upload/', status: 401, times: 1 });
    const file = await d.upload({ groupId: 'g1', fileName: 'a.txt', bytes: new Uint8Array([1]) });
    expect(file.fileSize).toBe(1);
    expect(emu.state.tokenCalls.refresh_token).toBe(1);
  });

  it('a 429 on the upload URL call is retryable', async () => {
    const d = await drive('user');
    emu.inject({ path: '/folder/files', method: 'POST', status: 429, times: 1 });
    const err = await failure(d.upload({ groupId: 'g1', fileName: 'a.txt', bytes: new Uint8Array([1]) }));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.retryable).toBe(true);
  });
});

describe('user token required', () => {
  it('a service-account connection is refused before any call, explaining what to do', async () => {
    const d = await drive('service-account', ['bot']);
    const before = emu.state.requests.length;
    const err = await failure(d.list({ groupId: 'g1' }));
    expect(err).toBeInstanceOf(WorksApiError);
    expect(err).toMatchObject({ status: 403, errorCode: 'FORBIDDEN', retryable: false });
    expect(err.message).toContain('auth: user');
    expect(err.message).toContain('opsbot auth login works');
    expect(emu.state.requests.length).toBe(before);
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
