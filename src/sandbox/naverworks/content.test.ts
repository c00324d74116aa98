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

const postback = { type: 'postback', label: 'Ack', data: 'ack=1' };
const uri = { type: 'uri', label: 'Open', uri: 'https://example.com' };
const bubble = {
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '금일 휴장일' }] },
  footer: { type: 'box', layout: 'horizontal', contents: [{ type: 'button', action: uri }] },
};

/** [type, valid content, invalid variant, field the 400 must name]. */
const CASES: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
  ['text', { type: 'text', text: '안녕하세요' }, { type: 'text', text: '' }, 'content.text'],
  [
    'link',
    { type: 'link', contentText: 'Report', linkText: 'open', link: 'https://example.com' },
    { type: 'link', contentText: 'Report', link: 'https://example.com' },
    'content.linkText',
  ],
  [
    'sticker',
    { type: 'sticker', packageId: '1', stickerId: '2' },
    { type: 'sticker', packageId: '1' },
    'content.stickerId',
  ],
  [
    'image',
    {
      type: 'image',
      previewImageUrl: 'https://x.example/p.png',
      originalContentUrl: 'https://x.example/o.png',
    },
    {
      type: 'image',
      previewImageUrl: 'http://x.example/p.png',
      originalContentUrl: 'https://x.example/o.png',
    },
    'content.previewImageUrl',
  ],
  ['file', { type: 'file', fileId: 'file-1' }, { type: 'file' }, 'content.originalContentUrl'],
  [
    'button_template',
    { type: 'button_template', contentText: 'Pick', actions: [postback, uri] },
    { type: 'button_template', contentText: 'Pick', actions: [{ ...postback, label: 'x'.repeat(21) }] },
    'content.actions[0].label',
  ],
  [
    'list_template',
    {
      type: 'list_template',
      coverData: { title: 'Cover' },
      elements: [{ title: 'A', action: uri }],
      actions: [[postback]],
    },
    { type: 'list_template', elements: [{ subtitle: 'no title' }] },
    'content.elements[0].title',
  ],
  [
    'carousel',
    { type: 'carousel', imageAspectRatio: 'square', columns: [{ text: 'one', actions: [postback] }] },
    { type: 'carousel', imageAspectRatio: 'wide', columns: [{ text: 'one', actions: [postback] }] },
    'content.imageAspectRatio',
  ],
  [
    'image_carousel',
    {
      type: 'image_carousel',
      columns: [{ originalContentUrl: 'https://x.example/a.png', action: postback }],
    },
    { type: 'image_carousel', columns: [{ fileId: 'f', action: { ...postback, label: 'x'.repeat(13) } }] },
    'content.columns[0].action.label',
  ],
  [
    'flex bubble',
    { type: 'flex', altText: 'alert', contents: bubble },
    { type: 'flex', altText: 'a'.repeat(401), contents: bubble },
    'content.altText',
  ],
  [
    'flex carousel',
    { type: 'flex', altText: 'alert', contents: { type: 'carousel', contents: [bubble, bubble] } },
    { type: 'flex', altText: 'alert', contents: { type: 'carousel', contents: [{ type: 'bubble' }] } },
    'content.contents.contents[0]',
  ],
];

async function send(content: Record<string, unknown>) {
  const res = await api(emu, token, 'POST', '/bots/2000001/channels/room-1/messages', { content });
  const text = await res.text();
  return { status: res.status, text };
}

describe('content validation', () => {
  it.each(CASES)('%s: valid → 201 with empty body, recorded in state', async (_name, valid) => {
    const before = emu.state.messages.length;
    expect(await send(valid)).toEqual({ status: 201, text: '' });
    expect(emu.state.messages.length).toBe(before + 1);
    expect(emu.state.messages.at(-1)).toMatchObject({
      botId: '2000001',
      kind: 'channel',
      to: 'room-1',
      content: valid,
    });
  });

  it.each(CASES)(
    '%s: invalid → 400 INVALID_PARAMETER naming the field',
    async (_name, _valid, invalid, field) => {
      const before = emu.state.messages.length;
      const r = await send(invalid);
      expect(r.status).toBe(400);
      const body = JSON.parse(r.text) as { code: string; description: string };
      expect(body.code).toBe('INVALID_PARAMETER');
      expect(body.description.startsWith(`${field}: `)).toBe(true);
      expect(emu.state.messages.length).toBe(before);
    },
  );

  it('rejects an unknown content type', async () => {
    const r = await send({ type: 'stamp', packageId: '1' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).description).toMatch(/^content\.type: /);
  });

  it('accepts 13 quick-reply items and rejects 14', async () => {
    const item = { action: { type: 'camera', label: 'Camera' } };
    const items = Array.from({ length: 13 }, () => item);
    expect((await send({ type: 'text', text: 'q', quickReply: { items } })).status).toBe(201);
    const r = await send({ type: 'text', text: 'q', quickReply: { items: [...items, item] } });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).description).toBe('content.quickReply.items: must have 1..13 items');
  });

  it('allows camera actions only in quick replies', async () => {
    const r = await send({
      type: 'button_template',
      contentText: 'x',
      actions: [{ type: 'camera', label: 'c' }],
    });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).description).toMatch(/^content\.actions\[0\]\.type: /);
  });

  it('records 1:1 sends with kind user', async () => {
    const res = await api(emu, token, 'POST', '/bots/2000001/users/kim%40example.com/messages', {
      content: { type: 'text', text: 'hi' },
    });
    expect(res.status).toBe(201);
    expect(emu.state.messages.at(-1)).toMatchObject({ kind: 'user', to: 'kim@example.com' });
  });
});
