/**
 * Where people come from: the NAVER WORKS shared address book (contacts with given tags), the
 * NAVER WORKS directory (members of org units or groups, or people by name) and CSV files.
 * Each source answers Person records (see mapping.ts for the attributes).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { collectPages, z } from 'opsbot';
import type { NaverworksClient } from 'opsbot/connectors/naverworks';
import type { Attributes, Person } from './mapping.ts';

/** Constant attributes for everyone from a source, e.g. `{ company: 코라이즈테크놀로지 }`. */
const set = z.record(z.string(), z.string()).default({});

export const sourceSpec = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('contacts'),
    /** Contacts carrying at least one of these tags (exact names). */
    tags: z.array(z.string().min(1)).min(1),
    /** Telephone types that count as the mobile number, first found wins. */
    phoneTypes: z.array(z.string()).default(['CELLPHONE']),
    set,
  }),
  z
    .object({
      type: z.literal('directory'),
      /** Org unit ids: their members. */
      orgUnits: z.array(z.string().min(1)).default([]),
      /** Group names or ids: their members. */
      groups: z.array(z.string().min(1)).default([]),
      /** Full names (김민준): those users. */
      names: z.array(z.string().min(1)).default([]),
      set,
    })
    .refine((s) => s.orgUnits.length + s.groups.length + s.names.length > 0, {
      message: 'give orgUnits, groups or names',
    }),
  z.object({
    type: z.literal('csv'),
    /** UTF-8 CSV with a header row; relative to the daemon's working directory. */
    path: z.string().min(1),
    /** Attribute → header, for headers that are not already `name` / `phone`. */
    columns: z.record(z.string(), z.string()).default({}),
    delimiter: z.string().length(1).default(','),
    set,
  }),
]);

export type SourceSpec = z.output<typeof sourceSpec>;

/** The parts of the NAVER WORKS connection's client this app calls. */
export type WorksClient = Pick<NaverworksClient, 'contacts' | 'directory'>;

const opts = (cursor?: string) => ({ count: 100, ...(cursor ? { cursor } : {}) });
const fullName = (n?: { lastName?: string; firstName?: string }) =>
  `${n?.lastName ?? ''}${n?.firstName ?? ''}`.trim();
const compact = (s: string) => s.replace(/\s+/g, '').toLowerCase();

export async function contactPeople(
  works: WorksClient,
  spec: Extract<SourceSpec, { type: 'contacts' }>,
): Promise<Person[]> {
  const tagNames = new Map(
    (await works.contacts.tags()).map((t) => [t.contactTagId, t.contactTagName.trim()]),
  );
  const wanted = new Set(spec.tags.map((t) => t.trim()));
  const contacts = await collectPages((c) => works.contacts.list(opts(c)));
  const people: Person[] = [];
  for (const c of contacts) {
    const tags = (c.contactTagIds ?? []).map((id) => tagNames.get(id)).filter((t): t is string => !!t);
    const matched = tags.filter((t) => wanted.has(t));
    if (matched.length === 0) continue;
    const phone = spec.phoneTypes
      .map((type) => c.telephones?.find((t) => t.type === type && t.telephone.trim() !== '')?.telephone)
      .find((p) => p !== undefined);
    people.push({
      source: 'contacts',
      attrs: {
        name: fullName(c.contactName),
        phone,
        email: c.emails?.[0]?.email,
        tags,
        // The old updater named the company after the contact's company tag.
        company: matched[0],
        ...spec.set,
        source: 'contacts',
      },
    });
  }
  return people;
}

export async function directoryPeople(
  works: WorksClient,
  spec: Extract<SourceSpec, { type: 'directory' }>,
): Promise<{ people: Person[]; problems: string[] }> {
  const users = await collectPages((c) => works.directory.users(opts(c)));
  const byId = new Map(users.map((u) => [u.userId, u]));
  const chosen = new Map<string, string[]>(); // userId → why (org unit / group names)
  const problems: string[] = [];
  const pick = (id: string, why: string) => chosen.set(id, [...(chosen.get(id) ?? []), why]);

  for (const unit of spec.orgUnits) {
    const members = await collectPages((c) => works.directory.orgUnitMembers(unit, opts(c)));
    for (const m of members) pick(m.userId, unit);
  }
  if (spec.groups.length > 0) {
    const groups = await collectPages((c) => works.directory.groups(opts(c)));
    for (const wanted of spec.groups) {
      const g = groups.find((x) => x.groupId === wanted || x.groupName.trim() === wanted.trim());
      // Not a soft problem: going on without the group would delete its members from the file.
      if (!g) throw new Error(`directory: no group named ${wanted}`);
      for (const m of g.members ?? []) if ((m.type ?? 'USER') === 'USER') pick(m.id, g.groupName);
    }
  }
  for (const name of spec.names) {
    const hits = users.filter((u) => compact(fullName(u.userName)) === compact(name));
    if (hits.length === 0) problems.push(`directory: no user named ${name}`);
    for (const u of hits) pick(u.userId, 'names');
  }

  const people: Person[] = [];
  for (const [id, why] of chosen) {
    const u = byId.get(id);
    if (!u) continue;
    people.push({
      source: 'directory',
      attrs: {
        name: fullName(u.userName),
        phone: u.cellPhone,
        email: u.email,
        tags: [],
        groups: why,
        ...spec.set,
        source: 'directory',
      },
    });
  }
  return { people, problems };
}

/** RFC 4180 CSV: quoted fields may hold the delimiter, newlines and "" for a quote. */
export function parseCsv(input: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = input.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

export async function csvPeople(spec: Extract<SourceSpec, { type: 'csv' }>): Promise<Person[]> {
  const rows = parseCsv(await readFile(path.resolve(spec.path), 'utf8'), spec.delimiter);
  const [header, ...body] = rows;
  if (!header) return [];
  const names = header.map((h) => h.trim());
  const label = `csv:${path.basename(spec.path)}`;
  for (const attr of ['name', 'phone']) {
    const column = spec.columns[attr] ?? attr;
    if (!names.includes(column)) throw new Error(`${spec.path}: no "${column}" column for ${attr}`);
  }
  return body.map((cells) => {
    const byHeader: Attributes = Object.fromEntries(names.map((h, i) => [h, (cells[i] ?? '').trim()]));
    const mapped: Attributes = Object.fromEntries(
      Object.entries(spec.columns).map(([attr, column]) => [attr, byHeader[column]]),
    );
    const tags = (mapped['tags'] ?? byHeader['tags']) as string | undefined;
    return {
      source: label,
      attrs: {
        ...byHeader,
        ...mapped,
        tags: typeof tags === 'string' && tags !== '' ? tags.split(/[;|]/).map((t) => t.trim()) : [],
        ...spec.set,
        source: label,
      },
    };
  });
}
