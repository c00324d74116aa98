import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT } from '../../../sandbox/naverworks/testkit.ts';
import { DeliveryError } from '../../types.ts';
import { WorksApiError } from '../api.ts';
import { botClient } from './bot.ts';
import { failure, type WorksClientHarness, type WorksSettings, worksClientHarness } from './test-harness.ts';
import { resolveUploads } from './upload.ts';

let harness: WorksClientHarness;

beforeEach(async () => {
  harness = await worksClientHarness();
});
afterEach(() => harness.close());

function client(overrides: WorksSettings = {}) {
  const deps = harness.deps({ botId: BOT.botId, scopes: ['bot', 'bot.read'], ...overrides });
  return { request: deps.request, ...botClient(deps) };
}

describe('rooms', () => {
  it('creates a channel, reads it and pages its members', async () => {
    const bot = client();
    const members = ['a', 'b', 'c', 'd', 'e'];
    const created = await bot.createChannel({ members, title: '장애 대응' });
    expect(created.title).toBe('장애 대응');
    expect(await bot.channel(created.channelId)).toMatchObject({
      channelId: created.channelId,
      title: '장애 대응',
      channelType: { type: 'MULTI_USERS' },
    });
    const first = await bot.channelMembers(created.channelId, { count: 2 });
    expect(first.items).toEqual(['a', 'b']);
    const second = await bot.channelMembers(created.channelId, { count: 2, cursor: first.nextCursor });
    const third = await bot.channelMembers(created.channelId, { count: 2, cursor: second.nextCursor });
    expect([...second.items, ...third.items]).toEqual(['c', 'd', 'e']);
    expect(third.nextCursor).toBeUndefined();
  });

  it('says so clearly when the connection has no botId', async () => {
    const err = await failure(client({ botId: undefined }).channel('room-1'));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('has no botId');
  });
});

describe('persistent menu', () => {
  it('sets, reads and deletes; a missing menu is null and deleting it twice is fine', async () => {
    const bot = client();
    expect(await bot.getPersistentMenu()).toBeNull();
    const actions = [
      { type: 'message' as const, label: '상태', text: 'status' },
      { type: 'uri' as const, label: 'Runbook', uri: 'https://runbooks.example' },
    ];
    await bot.setPersistentMenu(actions);
    expect(await bot.getPersistentMenu()).toEqual(actions);
    await bot.deletePersistentMenu();
    await bot.deletePersistentMenu();
    expect(await bot.getPersistentMenu()).toBeNull();
  });

  it('a menu with five actions is a non-retryable 400', async () => {
    const five = ['1', '2', '3', '4', '5'].map((label) => ({ type: 'message' as const, label, text: label }));
    const err = await failure(client().setPersistentMenu(five));
    expect(err).toBeInstanceOf(WorksApiError);
    expect(err).toMatchObject({ status: 400, retryable: false, errorCode: 'INVALID_PARAMETER' });
  });
});

describe('attachments', () => {
  const bytes = new Uint8Array([0, 1, 2, 250, 255, 13, 10, 45, 45]);

  it('uploads and downloads the same bytes, with the file name', async () => {
    const bot = client();
    const fileId = await bot.upload('보고서.xlsx', bytes);
    expect(harness.emu.state.attachments.get(fileId)?.bytes?.equals(Buffer.from(bytes))).toBe(true);
    const file = await bot.download(fileId);
    expect(file.fileName).toBe('보고서.xlsx');
    expect([...file.bytes]).toEqual([...bytes]);
  });

  it('uploads a view into a larger buffer without the bytes around it', async () => {
    const big = new Uint8Array([9, 9, ...bytes, 9]);
    const fileId = await client().upload('part.bin', big.subarray(2, 2 + bytes.length));
    expect(harness.emu.state.attachments.get(fileId)?.bytes?.equals(Buffer.from(bytes))).toBe(true);
  });

  it('renews the token once when the upload URL answers 401', async () => {
    const bot = client();
    harness.emu.inject({ path: '/storage/upload/', status: 401, times: 1 });
    const fileId = await bot.upload('a.bin', bytes);
    expect(harness.emu.state.attachments.get(fileId)?.uploaded).toBe(true);
    const uploads = harness.emu.state.requests.filter((r) => r.path.startsWith('/storage/upload/'));
    expect(uploads.map((r) => r.status)).toEqual([401, 200]);
    expect(harness.emu.state.tokenCalls['jwt-bearer']).toBe(2);
  });

  it('a 429 while creating the upload URL is a retryable DeliveryError', async () => {
    harness.emu.inject({
      path: '/attachments',
      method: 'POST',
      status: 429,
      times: 1,
      headers: { 'ratelimit-reset': '5' },
    });
    const err = await failure(client().upload('a.bin', bytes));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 5000 });
  });

  it('a 503 from the storage host is retryable; an unknown fileId is a 404', async () => {
    const bot = client();
    harness.emu.inject({ path: '/storage/upload/', status: 503, times: 1 });
    expect(await failure(bot.upload('a.bin', bytes))).toMatchObject({ retryable: true, status: 503 });
    expect(await failure(bot.download('file-nope'))).toMatchObject({ retryable: false, status: 404 });
  });
});

describe('resolveUploads', () => {
  it('sends a message whose file was uploaded first, and the bytes behind its fileId match', async () => {
    const bot = client();
    const data = Buffer.from('weekly report body \u0000\u00ff').toString('base64');
    const payload = { type: 'file', upload: { fileName: 'report.txt', data } };
    const content = (await resolveUploads(payload, bot.upload)) as Record<string, unknown>;
    expect(content).not.toHaveProperty('upload');
    expect(payload).toHaveProperty('upload');
    const res = await bot.request('POST', `/bots/${BOT.botId}/channels/room-1/messages`, { content });
    expect(res.status).toBe(201);
    const sent = harness.emu.state.messages[0]?.content as { fileId: string };
    const stored = harness.emu.state.attachments.get(sent.fileId);
    expect(stored?.fileName).toBe('report.txt');
    expect(stored?.bytes?.toString('base64')).toBe(data);
  });
});
