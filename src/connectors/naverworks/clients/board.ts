import { type ClientDeps, type Page, type PageOptions, query, toPage } from './deps.ts';

/** Board: list boards, write and read posts. Works with a service account (the post then has no author). */

export interface Board {
  boardId: string;
  boardName: string;
  description?: string;
}

export interface NewPost {
  /** 1..200 characters. */
  title: string;
  /** 1..716800 characters; HTML allowed, scripts not. */
  body: string;
  enableComment?: boolean;
  sendNotifications?: boolean;
  /** `YYYY-MM-DD`, at most 30 days ahead: makes the post must-read until then. */
  mustReadEndDate?: string;
}

export interface Post {
  boardId: string;
  postId: string;
  title: string;
  /** Absent in lists. */
  body?: string;
  readCount?: number;
  commentCount?: number;
  fileCount?: number;
  createdTime?: string;
  modifiedTime?: string;
  userId?: string;
  userName?: string;
}

export function boardClient(deps: ClientDeps) {
  const { request } = deps;
  const postsPath = (boardId: string) => `/boards/${encodeURIComponent(boardId)}/posts`;

  return {
    async boards(page: PageOptions = {}): Promise<Page<Board>> {
      const res = await request('GET', `/boards${query({ count: page.count, cursor: page.cursor })}`);
      return toPage<Board>(res.body, 'boards');
    },

    async post(boardId: string, post: NewPost): Promise<Post> {
      const body: Record<string, unknown> = { title: post.title, body: post.body };
      for (const key of ['enableComment', 'sendNotifications', 'mustReadEndDate'] as const) {
        if (post[key] !== undefined) body[key] = post[key];
      }
      const res = await request('POST', postsPath(boardId), body);
      return res.body as Post;
    },

    async posts(boardId: string, page: PageOptions = {}): Promise<Page<Post>> {
      const res = await request(
        'GET',
        `${postsPath(boardId)}${query({ count: page.count, cursor: page.cursor })}`,
      );
      return toPage<Post>(res.body, 'posts');
    },

    async getPost(boardId: string, postId: string): Promise<Post> {
      const res = await request('GET', `${postsPath(boardId)}/${encodeURIComponent(postId)}`);
      return res.body as Post;
    },
  };
}

export type BoardClient = ReturnType<typeof boardClient>;
