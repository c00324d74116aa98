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

const path = '/bots/2000001/persistentmenu';
const message = (label: string) => ({ type: 'message', label, text: label });

describe('persistent menu', () => {
  it('sets, reads and deletes the menu', async () => {
    expect((await api(emu, token, 'GET', path)).status).toBe(404);
    const actions = [
      message('Status'),
      { type: 'uri', label: 'Runbook', uri: 'https://runbooks.example' },
      { type: 'copy', label: 'Copy id', copyText: 'ID-1' },
    ];
    const set = await api(emu, token, 'POST', path, { content: { actions } });
    expect(set.status).toBe(201);
    const got = await api(emu, token, 'GET', path);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ content: { actions } });
    expect((await api(emu, token, 'DELETE', path)).status).toBe(204);
    expect((await api(emu, token, 'GET', path)).status).toBe(404);
    expect((await api(emu, token, 'DELETE', path)).status).toBe(404);
  });

  it.each([
    ['five actions', ['a', 'b', 'c', 'd', 'e'].map(message), /^content\.actions: must have 1\.\.4 items/],
    ['no actions', [], /^content\.actions: /],
    ['a postback action', [{ type: 'postback', label: 'x', data: 'y' }], /^content\.actions\[0\]\.type: /],
    ['a 21-character label', [message('가'.repeat(21))], /^content\.actions\[0\]\.label: /],
  ])('rejects %s with 400', async (_name, actions, description) => {
    const res = await api(emu, token, 'POST', path, { content: { actions } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; description: string };
    expect(body.code).toBe('INVALID_PARAMETER');
    expect(body.description).toMatch(description);
  });

  it('answers 404 for an unknown bot', async () => {
    const res = await api(emu, token, 'POST', '/bots/999/persistentmenu', {
      content: { actions: [message('a')] },
    });
    expect(res.status).toBe(404);
  });
});
