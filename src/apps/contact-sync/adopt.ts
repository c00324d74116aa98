import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FieldValue } from './kakao.ts';
import { normalizePhone } from './mapping.ts';
import type { SyncedRecord } from './sync.ts';

/**
 * `adopt`: people the customer file held before this app synced it — the old updater's snapshot
 * (`info/kakao/kakao_contact_list.json`, a list of `{ id: phone, field: {…} }`). Kakao cannot list
 * a file's users, so without them a person who left before the first sync would stay in the file
 * forever. Adopted people count as synced: still wanted → kept (updated if their fields differ),
 * gone → deleted. A file is adopted once (its hash is remembered), so `adopt:` may stay in `with:`.
 */

export const ADOPTED_KEY = 'adopted';

export interface Adopted {
  records: Record<string, SyncedRecord>;
  /** sha256 of the file's bytes. */
  hash: string;
  /** Entries whose phone is not a mobile number (skipped). */
  skipped: number;
}

/** Reads the snapshot; accepts a list of records (or phones), `{ users: [...] }`, or an object keyed by phone. */
export async function readAdoptFile(file: string): Promise<Adopted> {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`adopt: cannot read ${file}: ${err.code ?? err.message}`);
  });
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new Error(`adopt: ${file} is not JSON: ${(err as Error).message}`);
  }
  const entries = entriesOf(data);
  if (!entries) throw new Error(`adopt: ${file} holds no list of { id, field } records`);
  const records: Record<string, SyncedRecord> = {};
  let skipped = 0;
  for (const [rawId, rawField] of entries) {
    const phone = normalizePhone(rawId);
    if (!phone) {
      skipped++;
      continue;
    }
    const field = fieldOf(rawField);
    const name =
      typeof field['이름'] === 'string' ? field['이름'] : typeof field.name === 'string' ? field.name : '';
    records[phone] = { name, field };
  }
  return { records, hash: createHash('sha256').update(bytes).digest('hex'), skipped };
}

function entriesOf(data: unknown): Array<[string, unknown]> | null {
  const list = Array.isArray(data) ? data : (data as { users?: unknown } | null)?.users;
  if (Array.isArray(list)) {
    return list.map((u): [string, unknown] =>
      typeof u === 'string' || typeof u === 'number'
        ? [String(u), {}]
        : [String((u as { id?: unknown })?.id ?? ''), (u as { field?: unknown })?.field],
    );
  }
  if (data && typeof data === 'object') return Object.entries(data as Record<string, unknown>);
  return null;
}

function fieldOf(raw: unknown): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

/**
 * The records to diff against: the synced ones plus, when `file` is given and not adopted yet, the
 * adopted people the store does not know (what the app synced itself wins). `hash` is set when
 * something new was adopted; store it under ADOPTED_KEY once the records are saved.
 */
export async function knownRecords(
  store: { get<T>(key: string): Promise<T | undefined> },
  file: string | undefined,
  synced: Record<string, SyncedRecord>,
): Promise<{ records: Record<string, SyncedRecord>; adopted?: Adopted & { added: number } }> {
  if (!file) return { records: synced };
  const adopted = await readAdoptFile(file);
  if ((await store.get<string>(ADOPTED_KEY)) === adopted.hash) return { records: synced };
  const added = Object.keys(adopted.records).filter((phone) => !(phone in synced)).length;
  return { records: { ...adopted.records, ...synced }, adopted: { ...adopted, added } };
}
