import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebexEmulator, type WebexEmulator } from './index.ts';
import { apiClient } from './testkit.ts';

let emu: WebexEmulator;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  emu = await startWebexEmulator({ clock: () => Date.UTC(2026, 11, 5, 9, 30, 0) });
  api = apiClient(emu.apiUrl, emu.botToken);
});

afterAll(async () => {
  await emu.close();
});

describe('Webex webhooks CRUD', () => {
  it('creates, lists as {items}, gets, updates (re-activates) and deletes, logging each call', async () => {
    const created = await api('POST', '/webhooks', {
      name: 'opsbot messages',
      targetUrl: 'http://127.0.0.1:9/hooks/webex',
      resource: 'messages',
      event: 'created',
      filter: 'roomType=direct',
      secret: 's3cret',
    });
    expect(created.status).toBe(200);
    const id = created.json['id'] as string;
    expect(created.json).toEqual({
      id,
      name: 'opsbot messages',
      targetUrl: 'http://127.0.0.1:9/hooks/webex',
      resource: 'messages',
      event: 'created',
      filter: 'roomType=direct',
      secret: 's3cret',
      status: 'active',
      created: '2026-12-05T09:30:00.000Z',
      orgId: emu.state.orgId,
      createdBy: emu.bot.id,
      appId: emu.state.appId,
      ownedBy: 'creator',
    });
    expect(Buffer.from(id, 'base64url').toString()).toMatch(/^ciscospark:\/\/us\/WEBHOOK\//);

    const list = await api('GET', '/webhooks');
    expect(list.json).toEqual({ items: [created.json] });
    expect((await api('GET', `/webhooks/${id}`)).json).toEqual(created.json);

    emu.state.webhooks[0]!.status = 'inactive';
    const put = await api('PUT', `/webhooks/${id}`, {
      name: 'opsbot messages',
      targetUrl: 'http://127.0.0.1:9/hooks/webex2',
      status: 'active',
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      status: 'active',
      targetUrl: 'http://127.0.0.1:9/hooks/webex2',
      secret: 's3cret',
    });

    expect((await api('DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect((await api('GET', `/webhooks/${id}`)).status).toBe(404);
    expect((await api('GET', '/webhooks')).json).toEqual({ items: [] });
    expect(emu.webhookCalls().map((c) => [c.kind, c.status, c.id === undefined ? '-' : c.id === id])).toEqual(
      [
        ['create', 200, true],
        ['list', 200, '-'],
        ['get', 200, true],
        ['update', 200, true],
        ['delete', 204, true],
        ['get', 404, true],
        ['list', 200, '-'],
      ],
    );
    expect(emu.webhookCalls()[3]!.body).toEqual({
      name: 'opsbot messages',
      targetUrl: 'http://127.0.0.1:9/hooks/webex2',
      status: 'active',
    });
  });

  it('refuses a webhook without the required fields, with a bad resource or a bad targetUrl', async () => {
    const base = { name: 'n', targetUrl: 'http://127.0.0.1:9/x', resource: 'messages', event: 'created' };
    const missing = await api('POST', '/webhooks', { ...base, event: undefined });
    expect([missing.status, missing.json['message']]).toEqual([400, 'event is required']);
    expect((await api('POST', '/webhooks', { ...base, resource: 'chats' })).status).toBe(400);
    expect((await api('POST', '/webhooks', { ...base, targetUrl: 'ftp://x' })).status).toBe(400);
    const badStatus = await api('POST', '/webhooks', base);
    const put = await api('PUT', `/webhooks/${badStatus.json['id']}`, { ...base, status: 'paused' });
    expect(put.status).toBe(400);
    expect((await api('PUT', `/webhooks/${badStatus.json['id']}`, { status: 'active' })).status).toBe(400);
    expect((await api('GET', '/webhooks', undefined, null)).status).toBe(401);
  });
});
