import type { KnownResource } from './db.ts';
import { KINDS, type KindName } from './kinds.ts';
import type { Collected } from './model.ts';

export interface Change {
  kind: KindName;
  change: 'added' | 'removed';
  id: string;
  name: string | null;
  platform: string;
  region: string;
}

export interface Changes {
  /** The period compared with, or null on a customer's first report. */
  since: string | null;
  changes: Change[];
  /** Kinds with a failed call this run: their "removed" would be a guess, so none are listed. */
  skipped: KindName[];
}

/** Resources added and removed per kind since the customer's previous period (by platform and id). */
export function changesSince(
  collected: Collected,
  previous: { period: string; resources: Map<KindName, KnownResource[]> } | null,
): Changes {
  if (!previous) return { since: null, changes: [], skipped: [] };
  const changes: Change[] = [];
  const skipped: KindName[] = [];
  for (const kind of KINDS) {
    if (collected.customer.exclude.includes(kind.name)) continue;
    if (collected.incomplete.has(kind.name)) {
      skipped.push(kind.name);
      continue;
    }
    const now = collected.resources.filter((r) => r.kind === kind.name);
    const before = previous.resources.get(kind.name) ?? [];
    const key = (r: { platform: string; id: string }) => `${r.platform}:${r.id}`;
    const beforeKeys = new Set(before.map(key));
    const nowKeys = new Set(now.map(key));
    for (const r of now) {
      if (!beforeKeys.has(key(r))) changes.push({ kind: kind.name, change: 'added', ...pick(r) });
    }
    for (const r of before) {
      if (!nowKeys.has(key(r))) changes.push({ kind: kind.name, change: 'removed', ...pick(r) });
    }
  }
  return { since: previous.period, changes, skipped };
}

const pick = (r: KnownResource): KnownResource => ({
  id: r.id,
  name: r.name,
  platform: r.platform,
  region: r.region,
});
