import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, CLIENT, keys, serviceToken, start } from './testkit.ts';

let emu: WorksEmulator;
let token: string;
const clock = Date.parse('2024-05-01T09:00:00Z');
beforeAll(async () => {
  emu = await start({
    clients: [{ ...CLIENT, scopes: [...CLIENT.scopes, 'board', 'board.read'], publicKeyPem: keys.publicKey }],
    boards: [
      { boardId: 'b1', boardName: '공지사항', description: 'Notices' },
      { boardId: 'b2', boardName: 'Weekly' },
      { boardId: 'b3', boardName: 'Random' },
    ],
    now: () => clock,
  });
  token = await serviceToken(emu, 'board');
});
afterAll(() => emu.close());

type PostWire = Record<string, unknown> & { postId: string };

describe('boards', () => {
  it('lists boards over two pages', async () => {
    const first = await api(emu, token, 'GET', '/boards?count=2');
    const one = (await first.json()) as { boards: unknown[]; responseMetaData: { nextCursor?: string } };
    expect(one.boards).toEqual([
      { boardId: 'b1', boardName: '공지사항', description: 'Notices' },
      { boardId: 'b2', boardName: 'Weekly', description: '' },
    ]);
    const q = new URLSearchParams({ count: '2', cursor: one.responseMetaData.nextCursor ?? '' });
    const two = (await (await api(emu, token, 'GET', `/boards?${q}`)).json()) as Record<string, unknown>;
    expect(two).toEqual({
      boards: [{ boardId: 'b3', boardName: 'Random', description: '' }],
      responseMetaData: {},
    });
  });

  it('writes a post (201), lists newest first and reads it back', async () => {
    const res = await api(emu, token, 'POST', '/boards/b2/posts', {
      title: '주간 보고',
      body: '<p>이번 주</p>',
      mustReadEndDate: '2024-05-31',
      enableComment: false,
    });
    expect(res.status).toBe(201);
    const post = (await res.json()) as PostWire;
    expect(post).toMatchObject({
      boardId: 'b2',
      title: '주간 보고',
      body: '<p>이번 주</p>',
      enableComment: false,
      isMustRead: true,
      mustReadEndDate: '2024-05-31',
      readCount: 0,
      userName: `[SERVICE] ${CLIENT.clientId}`,
      createdTime: '2024-05-01T09:00:00.000Z',
    });
    await api(emu, token, 'POST', '/boards/b2/posts', { title: 'second', body: 'x' });
    const list = (await (await api(emu, token, 'GET', '/boards/b2/posts?count=1')).json()) as {
      posts: PostWire[];
      responseMetaData: { nextCursor?: string };
    };
    expect(list.posts.map((p) => p.title)).toEqual(['second']);
    expect(list.posts[0]).not.toHaveProperty('body');
    expect(list.responseMetaData.nextCursor).toBeTruthy();
    const got = await api(emu, token, 'GET', `/boards/b2/posts/${post.postId}`);
    expect(((await got.json()) as PostWire)['body']).toBe('<p>이번 주</p>');
  });

  it.each([
    ['an empty title', { title: '', body: 'x' }, /^post\.title: /],
    ['a 201-character title', { title: '가'.repeat(201), body: 'x' }, /^post\.title: must be at most 200/],
    ['a script in the body', { title: 't', body: '<script>alert(1)</script>' }, /^post\.body: /],
    [
      'a must-read date 31 days out',
      { title: 't', body: 'x', mustReadEndDate: '2024-06-01' },
      /^mustReadEndDate: /,
    ],
    ['a non-boolean flag', { title: 't', body: 'x', sendNotifications: 'yes' }, /^sendNotifications: /],
  ])('rejects %s with 400', async (_name, body, description) => {
    const res = await api(emu, token, 'POST', '/boards/b1/posts', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { description: string }).description).toMatch(description);
  });

  it('answers 404 for unknown boards and posts, 403 without the board scope', async () => {
    expect((await api(emu, token, 'POST', '/boards/nope/posts', { title: 't', body: 'x' })).status).toBe(404);
    expect((await api(emu, token, 'GET', '/boards/b1/posts/nope')).status).toBe(404);
    const botOnly = await serviceToken(emu, 'bot');
    expect((await api(emu, botOnly, 'GET', '/boards')).status).toBe(403);
    const readOnly = await serviceToken(emu, 'board.read');
    expect((await api(emu, readOnly, 'GET', '/boards')).status).toBe(200);
    expect((await api(emu, readOnly, 'POST', '/boards/b1/posts', { title: 't', body: 'x' })).status).toBe(
      403,
    );
  });
});
