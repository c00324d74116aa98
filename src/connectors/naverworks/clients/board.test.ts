import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorksApiError } from '../api.ts';
import { type BoardClient, boardClient } from './board.ts';
import { type WorksClientHarness, worksClientHarness } from './test-harness.ts';

let harness: WorksClientHarness;
let board: BoardClient;

beforeAll(async () => {
  harness = await worksClientHarness({
    boards: [
      { boardId: 'b1', boardName: '공지사항', description: 'Notices' },
      { boardId: 'b2', boardName: 'Weekly' },
      { boardId: 'b3', boardName: 'Random' },
    ],
  });
  // A service account: board is one of the APIs it may use.
  board = boardClient(harness.deps({ scopes: ['board'] }));
});
afterAll(() => harness.close());

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
