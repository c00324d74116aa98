import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContactsClient, contactsClient } from './contacts.ts';
import { type WorksClientHarness, worksClientHarness } from './test-harness.ts';

let harness: WorksClientHarness;

beforeAll(async () => {
  harness = await worksClientHarness({
    contacts: [
      {
        contactId: 'c1',
        lastName: '최',
        firstName: '지우',
        telephones: [{ type: 'CELLPHONE', telephone: '010-1111-2222' }],
        contactTagIds: ['t-vip'],
      },
      { contactId: 'c2', lastName: 'Doe', firstName: 'Jane', emails: [{ email: 'jane@partner.example' }] },
      { contactId: 'c3', lastName: '정', firstName: '하늘', contactTagIds: ['t-vip', 't-press'] },
    ],
    contactTags: [
      { contactTagId: 't-vip', contactTagName: 'VIP' },
      { contactTagId: 't-press', contactTagName: '언론' },
    ],
  });
});
afterAll(() => harness.close());

function works(scopes: string[], connection = 'works'): ContactsClient {
  return contactsClient(harness.deps({ scopes }, connection));
}

describe('contacts client', () => {
  it('pages contacts', async () => {
    const client = works(['contact.read']);
    const p1 = await client.list({ count: 2 });
    expect(p1.items.map((c) => c.contactId)).toEqual(['c1', 'c2']);
    expect(p1.items[0]).toMatchObject({
      contactName: { lastName: '최', firstName: '지우' },
      telephones: [{ type: 'CELLPHONE', telephone: '010-1111-2222' }],
    });
    const p2 = await client.list({ count: 2, ...(p1.nextCursor ? { cursor: p1.nextCursor } : {}) });
    expect(p2).toEqual({ items: [expect.objectContaining({ contactId: 'c3' })] });
  });

  it('lists tags and finds contacts by tag name', async () => {
    const client = works(['contact.read']);
    expect(await client.tags()).toEqual([
      { contactTagId: 't-vip', contactTagName: 'VIP' },
      { contactTagId: 't-press', contactTagName: '언론' },
    ]);
    expect((await client.findByTag(' VIP ')).map((c) => c.contactId)).toEqual(['c1', 'c3']);
    expect((await client.findByTag('언론')).map((c) => c.contactId)).toEqual(['c3']);
    expect(await client.findByTag('none')).toEqual([]);
  });

  it('reports a missing scope and a bad count as WorksApiError', async () => {
    await expect(works(['directory.read'], 'works-dir').list()).rejects.toMatchObject({
      status: 403,
      errorCode: 'FORBIDDEN',
    });
    await expect(works(['contact']).list({ count: 500 })).rejects.toMatchObject({
      status: 400,
      errorCode: 'INVALID_PARAMETER',
    });
  });
});
