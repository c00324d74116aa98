import { afterEach, describe, expect, it } from 'vitest';
import { type NoticeSite, startNoticeSite } from './site.ts';

let site: NoticeSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('notice site emulator', () => {
  it('serves the same notices as HTML, OCC table, RSS, Atom and JSON', async () => {
    site = await startNoticeSite({ items: [{ id: '100', title: 'First', date: '2026-01-02' }] });
    site.add({ id: '101', title: 'Second & <more>', attachments: ['a b.pdf'] });
    const text = async (p: string) => (await fetch(site!.url + p)).text();
    const html = await text('/notices');
    expect(html.indexOf('Second &amp; &lt;more&gt;')).toBeLessThan(html.indexOf('First'));
    expect(html).toContain('href="/files/a%20b.pdf"');
    expect(await text('/infomemo/search')).toContain('<td class="post-date">01/02/2026</td>');
    expect(await text('/feed.rss')).toContain('<guid isPermaLink="false">101</guid>');
    expect(await text('/feed.atom')).toContain('<id>urn:notice:100</id>');
    expect(
      JSON.parse(await text('/api/notices')).data.notices.map((n: { noticeId: string }) => n.noticeId),
    ).toEqual(['101', '100']);
    expect(await text('/infomemos?number=100')).toContain('First');
    expect(site.remove('100')).toBe(true);
    expect(await text('/notices')).not.toContain('First');
  });

  it('answers 304 to a matching ETag or a recent If-Modified-Since, 200 once the list changes', async () => {
    site = await startNoticeSite({ items: [{ id: '1', title: 'One' }] });
    const first = await fetch(`${site.url}/notices`);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(`${site.url}/notices`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect(
      (await fetch(`${site.url}/notices`, { headers: { 'if-modified-since': lastModified } })).status,
    ).toBe(304);
    site.add({ id: '2', title: 'Two' });
    expect((await fetch(`${site.url}/notices`, { headers: { 'if-none-match': etag } })).status).toBe(200);
    expect(
      (await fetch(`${site.url}/notices`, { headers: { 'if-modified-since': lastModified } })).status,
    ).toBe(200);
    expect(site.requests.map((r) => r.status)).toEqual([200, 304, 304, 200, 200]);
  });

  it('fails the next requests on command', async () => {
    site = await startNoticeSite();
    site.fail(500, 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${site.url}/feed.rss`)).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect((await fetch(`${site.url}/nope`)).status).toBe(404);
  });
});
