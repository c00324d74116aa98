import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../platform/clock.ts';
import { silentLogger } from '../../../platform/log.ts';
import { openStore } from '../../../platform/store/open.ts';
import type { Store } from '../../../platform/store/types.ts';
import type { WorksEmulator } from '../../../sandbox/naverworks/index.ts';
import { CLIENT, keys, start } from '../../../sandbox/naverworks/testkit.ts';
import { createWorksApi } from '../api.ts';
import { Redactor } from '../errors.ts';
import { naverworksOptions } from '../options.ts';
import { TokenManager } from '../tokens.ts';
import { type ContactsClient, contactsClient } from './contacts.ts';

let emu: WorksEmulator;
let store: Store;

beforeAll(async () => {
  emu = await start({
    clients: [{ ...CLIENT, publicKeyPem: keys.publicKey, scopes: undefined }],
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
  store = await openStore({ url: 'sqlite', dataDir: tmpdir(), masterKey: randomBytes(32), memory: true });
});
afterAll(async () => {
  await emu.close();
  await store.close();
});

function works(scopes: string[], connection = 'works'): ContactsClient {
  const options = naverworksOptions.parse({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    serviceAccount: CLIENT.serviceAccount,
    privateKey: keys.privateKey,
    scopes,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
  });
  const redactor = new Redactor();
  const tokens = new TokenManager({
    connection,
    options,
    tokens: store.tokens,
    clock: systemClock,
    redactor,
    log: silentLogger(),
  });
  const request = createWorksApi({ apiUrl: options.apiUrl, tokens, clock: systemClock, redactor });
  return contactsClient({ connection, options, request });
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
