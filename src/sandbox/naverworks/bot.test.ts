import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, serviceToken, start } from './testkit.ts';

let emu: WorksEmulator;
let token: string;
beforeAll(async () => {
  emu = await start();
  token = await serviceToken(emu);
});
afterAll(() => emu.close());

describe('rooms', () => {
  it('creates a channel and pages its members with count + cursor', async () => {
    const members = Array.from({ length: 5 }, (_, i) => `user-${i}`);
    const res = await api(emu, token, 'POST', '/bots/2000001/channels', { members, title: '장애 대응' });
    expect(res.status).toBe(201);
    const { channelId, title } = (await res.json()) as { channelId: string; title: string };
    expect(title).toBe('장애 대응');

    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const q = new URLSearchParams({ count: '2', ...(cursor ? { cursor } : {}) });
      const page = await api(emu, token, 'GET', `/bots/2000001/channels/${channelId}/members?${q}`);
      expect(page.status).toBe(200);
      const body = (await page.json()) as { members: string[]; responseMetaData: { nextCursor?: string } };
      seen.push(...body.members);
      cursor = body.responseMetaData.nextCursor ?? '';
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(members);
    expect(pages).toBe(3);
  });

  it('rejects an empty member list and count over 100', async () => {
    const bad = await api(emu, token, 'POST', '/bots/2000001/channels', { members: [] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { description: string }).description).toMatch(/^members: /);
    const over = await api(emu, token, 'GET', '/bots/2000001/channels/room-1/members?count=101');
    expect(over.status).toBe(400);
  });

  it('answers 404 for an unknown channel or bot', async () => {
    const msg = { content: { type: 'text', text: 'x' } };
    expect((await api(emu, token, 'POST', '/bots/2000001/channels/nope/messages', msg)).status).toBe(404);
    expect((await api(emu, token, 'POST', '/bots/999/users/u1/messages', msg)).status).toBe(404);
  });
});

describe('attachments', () => {
  it('creates an upload URL, takes a multipart Filedata upload once, and 302s the download', async () => {
    const created = await api(emu, token, 'POST', '/bots/2000001/attachments', { fileName: '보고서.xlsx' });
    expect(created.status).toBe(200);
    const { fileId, uploadUrl } = (await created.json()) as { fileId: string; uploadUrl: string };
    expect(uploadUrl.startsWith(`${emu.url}/`)).toBe(true);

    const bytes = Buffer.from([0, 1, 2, 250, 255, 13, 10, 45, 45]);
    const form = new FormData();
    form.append('resourceName', '보고서.xlsx');
    form.append('Filedata', new Blob([bytes]), '보고서.xlsx');
    const upload = () =>
      fetch(uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const up = await upload();
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ fileId });
    expect(emu.state.attachments.get(fileId)?.bytes?.equals(bytes)).toBe(true);
    expect((await upload()).status).toBe(400);

    const dl = await api(emu, token, 'GET', `/bots/2000001/attachments/${fileId}`);
    expect(dl.status).toBe(302);
    const location = dl.headers.get('location')!;
    // The download URL is self-authorising: fetched here without a bearer token.
    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('rejects an upload without the Filedata part or without a token', async () => {
    const created = await api(emu, token, 'POST', '/bots/2000001/attachments', { fileName: 'a.txt' });
    const { uploadUrl } = (await created.json()) as { uploadUrl: string };
    const wrongPart = new FormData();
    wrongPart.append('file', new Blob(['x']), 'a.txt');
    const res = await fetch(uploadUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: wrongPart,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { description: string }).description).toBe(
      'Filedata: multipart part is required',
    );
    const good = new FormData();
    good.append('Filedata', new Blob(['x']), 'a.txt');
    expect((await fetch(uploadUrl, { method: 'POST', body: good })).status).toBe(401);
  });

  it('serves seeded user files for callbacks', async () => {
    const fileId = emu.state.addAttachment('2000001', 'photo.jpg', Buffer.from('jpeg'));
    const dl = await api(emu, token, 'GET', `/bots/2000001/attachments/${fileId}`);
    expect(dl.status).toBe(302);
    expect(await (await fetch(dl.headers.get('location')!)).text()).toBe('jpeg');
  });
});
