import { describe, expect, it } from 'vitest';
import { collectPages, type Page } from './paging.ts';

const pages = (list: Array<Page<number>>) => {
  const asked: Array<string | undefined> = [];
  const fetch = async (cursor: string | undefined) => {
    asked.push(cursor);
    return list[asked.length - 1] ?? { items: [] };
  };
  return { asked, fetch };
};

describe('collectPages', () => {
  it('follows nextCursor to the last page, passing each cursor back', async () => {
    const p = pages([{ items: [1, 2], nextCursor: 'a' }, { items: [3], nextCursor: 'b' }, { items: [4] }]);
    expect(await collectPages(p.fetch)).toEqual([1, 2, 3, 4]);
    expect(p.asked).toEqual([undefined, 'a', 'b']);
  });

  it('refuses a cursor that comes back, and more pages than allowed, rather than answer from part of a list', async () => {
    const loop = pages([
      { items: [1], nextCursor: 'a' },
      { items: [2], nextCursor: 'a' },
    ]);
    await expect(collectPages(loop.fetch)).rejects.toThrow('the API returned the same nextCursor twice');
    const endless = async (cursor: string | undefined) => ({ items: [0], nextCursor: `${cursor ?? ''}x` });
    await expect(collectPages(endless, 3)).rejects.toThrow(
      'more than 3 pages: stopped rather than answer from part of the list',
    );
  });
});
