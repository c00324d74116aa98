import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KINDS } from './kinds.ts';
import type { Collected } from './model.ts';

/** `<dataDir>/<period>/<customer>/` — one folder per period and customer, no per-run subfolder. */
export function customerDir(dataDir: string, collected: Collected): string {
  return path.join(dataDir, collected.period.label, collected.customer.id);
}

export function workbookName(collected: Collected): string {
  return `${collected.customer.id}-${collected.period.label}.xlsx`;
}

/**
 * Writes the customer's JSON files (one per collected kind, metrics.json, nas-usage.json) and the
 * workbook into a fresh folder, then puts it in place of the period's old one, so a re-run replaces
 * the files (a kind excluded since leaves no stale file) and a crash never leaves half a folder.
 */
export async function writeFiles(
  dataDir: string,
  collected: Collected,
  workbook: Uint8Array,
  runId: string,
): Promise<string> {
  const { customer } = collected;
  const dir = customerDir(dataDir, collected);
  const fresh = `${dir}.${runId}.tmp`;
  await mkdir(fresh, { recursive: true });
  try {
    for (const kind of KINDS) {
      if (customer.exclude.includes(kind.name)) continue;
      const rows = collected.resources
        .filter((r) => r.kind === kind.name)
        .map((r) => ({
          customer: customer.id,
          platform: r.platform,
          region: r.region,
          id: r.id,
          name: r.name,
          status: r.status,
          columns: r.columns,
          item: r.item,
        }));
      await json(fresh, `${kind.name}.json`, rows);
    }
    await json(
      fresh,
      'metrics.json',
      collected.metrics.map((m) => ({ customer: customer.id, ...m })),
    );
    await json(
      fresh,
      'nas-usage.json',
      collected.nasUsage.map((u) => ({ customer: customer.id, ...u })),
    );
    await writeFile(path.join(fresh, workbookName(collected)), workbook);
    await rm(dir, { recursive: true, force: true });
    await rename(fresh, dir);
  } catch (err) {
    await rm(fresh, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

async function json(dir: string, name: string, rows: unknown[]): Promise<void> {
  await writeFile(path.join(dir, name), `${JSON.stringify(rows, null, 2)}\n`);
}
