import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebexEmulator, type WebexEmulator } from './index.ts';
import { apiClient } from './testkit.ts';

let emu: WebexEmulator;
let api: ReturnType<typeof apiClient>;
let publicFiles: Server;
let publicUrl: string;

beforeAll(async () => {
  emu = await startWebexEmulator();
  api = apiClient(emu.apiUrl, emu.botToken);
  publicFiles = createServer((req, res) => {
    if (req.url === '/report.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('name,day\nMina,2026-12-24\n');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => publicFiles.listen(0, '127.0.0.1', resolve));
  const address = publicFiles.address();
  publicUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => publicFiles.close(resolve));
});

function upload(fields: Record<string, string>, files: { name: string; bytes: string; type: string }[]) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', new Blob([f.bytes], { type: f.type }), f.name);
  return fetch(`${emu.apiUrl}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.botToken}` },
    body: form,
  });
}

describe('Webex files', () => {
  it('takes a multipart upload with one files part and serves it at /contents/{id} with Content-Disposition', async () => {
    const res = await upload({ toPersonEmail: 'mina@example.com', text: 'the report' }, [
      { name: 'weekly report.pptx', bytes: 'PK\u0003\u0004slides', type: 'application/vnd.ms-powerpoint' },
    ]);
    expect(res.status).toBe(200);
    const message = (await res.json()) as { id: string; text: string; files: string[] };
    expect(message.text).toBe('the report');
    expect(message.files).toHaveLength(1);
    expect(message.files[0]).toMatch(new RegExp(`^${emu.apiUrl}/contents/[A-Za-z0-9_-]+$`));
    expect(emu.calls('POST /messages').at(-1)!.body).toEqual({
      toPersonEmail: 'mina@example.com',
      text: 'the report',
      files: [{ filename: 'weekly report.pptx', contentType: 'application/vnd.ms-powerpoint', size: 10 }],
    });

    expect((await fetch(message.files[0]!)).status).toBe(401);
    const download = await fetch(message.files[0]!, { headers: { authorization: `Bearer ${emu.botToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="weekly report.pptx"');
    expect(download.headers.get('content-type')).toBe('application/vnd.ms-powerpoint');
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('PK\u0003\u0004slides');
  });

  it('refuses two files parts', async () => {
    const res = await upload({ toPersonEmail: 'mina@example.com' }, [
      { name: 'a.txt', bytes: 'a', type: 'text/plain' },
      { name: 'b.txt', bytes: 'b', type: 'text/plain' },
    ]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'Only one file can be attached to a message',
    );
  });

  it('downloads a public URL given in files, and refuses two URLs or an unreachable one', async () => {
    const room = emu.directRoom('joon@example.com').id;
    const ok = await api('POST', '/messages', {
      roomId: room,
      text: 'csv',
      files: [`${publicUrl}/report.csv`],
    });
    expect(ok.status).toBe(200);
    const url = (ok.json['files'] as string[])[0]!;
    const got = await fetch(url, { headers: { authorization: `Bearer ${emu.botToken}` } });
    expect(got.headers.get('content-disposition')).toBe('attachment; filename="report.csv"');
    expect(await got.text()).toBe('name,day\nMina,2026-12-24\n');
    const two = await api('POST', '/messages', {
      roomId: room,
      files: [`${publicUrl}/report.csv`, `${publicUrl}/report.csv`],
    });
    expect([two.status, two.json['message']]).toEqual([400, 'Only one file can be attached to a message']);
    const missing = await api('POST', '/messages', { roomId: room, files: [`${publicUrl}/nope.csv`] });
    expect(missing.status).toBe(400);
  });

  it('gives a person’s file to the bot as a contents URL with a UTF-8 filename', async () => {
    const { message } = await emu.say({
      from: 'sora@example.com',
      direct: true,
      text: '보고서',
      files: [{ filename: '주간보고.pptx', data: 'deck' }],
    });
    const got = await api('GET', `/messages/${message.id}`);
    const url = (got.json['files'] as string[])[0]!;
    const res = await fetch(url, { headers: { authorization: `Bearer ${emu.botToken}` } });
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="____.pptx"; filename*=UTF-8''${encodeURIComponent('주간보고.pptx')}`,
    );
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
    expect(await res.text()).toBe('deck');
  });
});
