import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from './index.ts';

let emu: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  emu = await startSlackEmulator();
  client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, rejectRateLimitedCalls: true });
});
afterAll(() => emu.close());

describe('files upload flow', () => {
  it('runs files.uploadV2 end to end: URL, multipart bytes, completion shared in the channel', async () => {
    const bytes = Buffer.from('날짜,출근\n2026-12-05,09:00\n');
    const res = await client.files.uploadV2({
      channel_id: 'C02ATTEND',
      file: bytes,
      filename: 'attendance.csv',
      title: '12월 근태',
      initial_comment: '근태 파일입니다',
    });
    expect(res.ok).toBe(true);
    const [file] = emu.state.files;
    expect(file).toMatchObject({
      filename: 'attendance.csv',
      title: '12월 근태',
      length: bytes.length,
      channels: ['C02ATTEND'],
      completed: true,
    });
    expect(file!.bytes!.equals(bytes)).toBe(true);
    expect(emu.calls().map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(emu.calls('files.completeUploadExternal')[0]!.args['files']).toEqual([
      { id: file!.id, title: '12월 근태' },
    ]);
    expect(emu.messagesIn('C02ATTEND').at(-1)).toMatchObject({
      text: '근태 파일입니다',
      files: [file!.id],
      via: 'file',
    });
  });

  it('accepts raw bytes at the upload URL and refuses completing a file never uploaded', async () => {
    const url = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 3 });
    expect(url.upload_url).toMatch(new RegExp(`^${emu.url}/upload/v1/`));
    expect(url.file_id).toMatch(/^F/);
    const missing = await fetch(`${emu.apiUrl}files.completeUploadExternal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ files: [{ id: url.file_id }], channel_id: 'C01GENERAL' }),
    });
    expect(await missing.json()).toEqual({ ok: false, error: 'file_not_found' });
    const up = await fetch(url.upload_url!, { method: 'POST', body: 'abc' });
    expect(await up.text()).toBe('OK - 3');
    // `channels` (comma list) is the legacy spelling the typed helper no longer offers: send it raw.
    const done = await client.apiCall('files.completeUploadExternal', {
      files: [{ id: url.file_id! }],
      channels: 'C01GENERAL',
    });
    expect((done as unknown as { files: unknown[] }).files[0]).toMatchObject({
      id: url.file_id,
      title: 'a.txt',
      size: 3,
    });
    expect(emu.state.files.find((f) => f.id === url.file_id)!.bytes!.toString()).toBe('abc');
  });
});
