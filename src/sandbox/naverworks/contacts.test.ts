import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, CLIENT, keys, serviceToken, start } from './testkit.ts';

let emu: WorksEmulator;
beforeAll(async () => {
  emu = await start({
    clients: [{ ...CLIENT, publicKeyPem: keys.publicKey, scopes: undefined }],
    contacts: [
      {
        contactId: 'c1',
        lastName: '최',
        firstName: '지우',
        emails: [{ email: 'choi@partner.example' }],
        telephones: [{ type: 'CELLPHONE', telephone: '010-1111-2222' }],
        contactTagIds: ['t1'],
      },
      { contactId: 'c2', lastName: 'Doe', firstName: 'Jane' },
    ],
    contactTags: [{ contactTagId: 't1', contactTagName: 'VIP' }],
  });
});
afterAll(() => emu.close());

describe('contacts', () => {
  it('pages GET /contacts in the wire shape', async () => {
    const token = await serviceToken(emu, 'contact.read');
    const r1 = await api(emu, token, 'GET', '/contacts?count=1');
    const p1 = (await r1.json()) as { contacts: unknown[]; responseMetaData: { nextCursor?: string } };
    expect(p1.contacts).toEqual([
      {
        contactId: 'c1',
        contactName: { lastName: '최', firstName: '지우' },
        emails: [{ email: 'choi@partner.example' }],
        telephones: [{ type: 'CELLPHONE', telephone: '010-1111-2222' }],
        contactTagIds: ['t1'],
      },
    ]);
    const r2 = await api(emu, token, 'GET', `/contacts?count=1&cursor=${p1.responseMetaData.nextCursor}`);
    expect(await r2.json()).toEqual({
      contacts: [
        {
          contactId: 'c2',
          contactName: { lastName: 'Doe', firstName: 'Jane' },
          telephones: [],
          contactTagIds: [],
        },
      ],
      responseMetaData: {},
    });
  });

  it('lists contact tags and needs a contact scope', async () => {
    const token = await serviceToken(emu, 'contact');
    const res = await api(emu, token, 'GET', '/contact-tags');
    expect(await res.json()).toEqual({
      contactTags: [{ contactTagId: 't1', contactTagName: 'VIP' }],
      responseMetaData: {},
    });
    const other = await serviceToken(emu, 'directory.read');
    expect((await api(emu, other, 'GET', '/contacts')).status).toBe(403);
  });
});
