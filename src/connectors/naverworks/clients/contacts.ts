import { collectPages } from '../../../platform/paging.ts';
import { type ClientDeps, type Page, type PageOptions, query, toPage } from './deps.ts';

/** The shared address book (scopes `contact` / `contact.read`). */

export interface Contact {
  contactId: string;
  contactName?: { lastName?: string; firstName?: string; [field: string]: unknown };
  emails?: { email: string; type?: string; [field: string]: unknown }[];
  telephones?: { type: string; telephone: string; [field: string]: unknown }[];
  contactTagIds?: string[];
  [field: string]: unknown;
}

export interface ContactTag {
  contactTagId: string;
  contactTagName: string;
  [field: string]: unknown;
}

export function contactsClient(deps: ClientDeps) {
  const { request } = deps;
  const list = async (opts: PageOptions = {}): Promise<Page<Contact>> => {
    const res = await request('GET', `/contacts${query({ count: opts.count, cursor: opts.cursor })}`);
    return toPage<Contact>(res.body, 'contacts');
  };
  const tags = async (): Promise<ContactTag[]> =>
    collectPages(async (cursor) => {
      const res = await request('GET', `/contact-tags${query({ count: 100, cursor })}`);
      return toPage<ContactTag>(res.body, 'contactTags');
    });

  return {
    list,
    /** Every tag (all pages). */
    tags,
    /** Contacts carrying the tag with this name (exact, trimmed); [] when no such tag. Walks all pages. */
    async findByTag(tagName: string): Promise<Contact[]> {
      const wanted = tagName.trim();
      const ids = new Set(
        (await tags()).filter((t) => t.contactTagName === wanted).map((t) => t.contactTagId),
      );
      if (ids.size === 0) return [];
      const all = await collectPages((cursor) => list({ count: 100, ...(cursor ? { cursor } : {}) }));
      return all.filter((c) => (c.contactTagIds ?? []).some((id) => ids.has(id)));
    },
  };
}

export type ContactsClient = ReturnType<typeof contactsClient>;
