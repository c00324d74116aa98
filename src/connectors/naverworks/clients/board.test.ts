import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../platform/clock.ts';
import { silentLogger } from '../../../platform/log.ts';
import { openStore } from '../../../platform/store/open.ts';
import type { Store } from '../../../platform/store/types.ts';
import type { WorksEmulator } from '../../../sandbox/naverworks/index.ts';
import { CLIENT, keys, start } from '../../../sandbox/naverworks/testkit.ts';
import { createWorksApi, WorksApiError } from '../api.ts';
import { Redactor } from '../errors.ts';
import { naverworksOptions } from '../options.ts';
import { TokenManager } from '../tokens.ts';
import { type BoardClient, boardClient } from './board.ts';

let emu: WorksEmulator;
let store: Store;
let board: BoardClient;

beforeAll(async () => {
  emu = await start({
    clients: [{ ...CLIENT, publicKeyPem: keys.publicKey, scopes: undefined }],
    boards: [
      { boardId: 'b1', boardName: '공지사항', description: 'Notices' },
      { boardId: 'b2', boardName: 'Weekly' },
      { boardId: 'b3', boardName: 'Random' },
    ],
  });
  store = await openStore({ url: 'sqlite', dataDir: tmpdir(), masterKey: randomBytes(32), memory: true });
  // A service account: board is one of the APIs it may use.
  const options = naverworksOptions.parse({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    serviceAccount: CLIENT.serviceAccount,
    privateKey: keys.privateKey,
    scopes: ['board'],
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
  const request = createWorksApi({ apiUrl: options.apiUrl, tokens, clock: systemClock, redactor });
  board = boardClient({ connection: 'works', options, request });
});
afterAll(async () => {
  await emu.close();
  await store.close();
});

describe('board client', () => {
  it('pages boards over two pages', async () => {
    const first = await board.boards({ count: 2 });
    const second = await board.boards({ count: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((b) => b.boardName)).toEqual([
      '공지사항',
      'Weekly',
      'Random',
    ]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('writes posts, pages them newest first and reads one back', async () => {
    const written = await board.post('b2', {
      title: '주간 보고 18주차',
      body: '<p>요약</p>',
      sendNotifications: false,
    });
    expect(written).toMatchObject({ boardId: 'b2', title: '주간 보고 18주차', body: '<p>요약</p>' });
    await board.post('b2', { title: '주간 보고 19주차', body: 'x' });
    await board.post('b2', { title: '주간 보고 20주차', body: 'y' });
    const first = await board.posts('b2', { count: 2 });
    const second = await board.posts('b2', { count: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((p) => p.title)).toEqual([
      '주간 보고 20주차',
      '주간 보고 19주차',
      '주간 보고 18주차',
    ]);
    expect((await board.getPost('b2', written.postId)).body).toBe('<p>요약</p>');
  });

  it('a title over 200 characters is a non-retryable 400; an unknown board a 404', async () => {
    const err = await board.post('b1', { title: 't'.repeat(201), body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorksApiError);
    expect(err).toMatchObject({ status: 400, retryable: false, errorCode: 'INVALID_PARAMETER' });
    const missing = await board.getPost('nope', '1').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, errorCode: 'NOT_FOUND' });
  });
});
