import { storeFor } from '../../daemon/store-for.ts';
import { parseDuration } from '../../platform/config/duration.ts';
import { usageError } from '../../platform/errors.ts';
import type { OutboxItem, OutboxStatus, Store } from '../../platform/store/types.ts';
import { findConfigFile, loadDaemonConfig } from '../config-file.ts';
import { change } from '../daemon-client.ts';
import { localTime, printJson, relative, say, table } from '../output.ts';

const STATUSES = ['pending', 'sending', 'delivered', 'dead'];

/** Reading works on the store directly, so `list` also works while the daemon is down. */
async function withStore<T>(
  configOption: string | undefined,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const config = await loadDaemonConfig(findConfigFile(configOption));
  const store = await storeFor(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function summary(item: OutboxItem): string {
  const p = item.payload as { title?: string; text?: string } | null;
  const text = item.kind === 'portable' ? (p?.title ?? p?.text ?? '') : JSON.stringify(item.payload);
  return text.replace(/\s+/g, ' ').slice(0, 40);
}

/** `--since 2h` (that long ago), `--since 2026-12-01` or an ISO time → epoch ms. */
export function parseSince(text: string, now = Date.now()): number {
  const ago = parseDuration(text);
  if (ago !== undefined) return now - ago;
  const at = /^\d{4}-\d{2}-\d{2}([T ].+)?$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at))
    throw usageError(`--since: expected a duration such as 2h or 7d, or a date, not "${text}"`);
  return at;
}

function parseLimit(text: string | undefined): number {
  const limit = Number(text ?? 50);
  if (!Number.isInteger(limit) || limit < 1)
    throw usageError(`--limit: expected a positive whole number, not "${text}"`);
  return limit;
}

/** Newest first; `--since` and `--limit` keep a long outbox readable. */
export async function outboxListCommand(opts: {
  config?: string;
  status?: string;
  limit?: string;
  since?: string;
  json?: boolean;
}) {
  if (opts.status && !STATUSES.includes(opts.status)) {
    throw usageError(`--status must be one of ${STATUSES.join(', ')}`);
  }
  const limit = parseLimit(opts.limit);
  const since = opts.since === undefined ? undefined : parseSince(opts.since);
  const { items, depth } = await withStore(opts.config, async (store) => ({
    items: await store.outbox.list({ status: opts.status as OutboxStatus | undefined, limit, since }),
    depth: await store.outbox.depth(),
  }));
  if (opts.json) return printJson({ depth, items });
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const rows = items.map((i) => [
    i.id.slice(0, 8),
    i.status,
    `${i.connection}${i.destination ? `/${i.destination}` : ''}`,
    i.app ?? '-',
    i.attempts,
    i.status === 'pending' ? relative(i.nextAttemptAt) : localTime(i.deliveredAt ?? i.createdAt, tz),
    (i.lastError ?? summary(i)).slice(0, 50),
  ]);
  process.stdout.write(
    `${table(['id', 'status', 'to', 'app', 'tries', 'when', 'message / last error'], rows)}\n`,
  );
  say(
    Object.entries(depth)
      .map(([s, n]) => `${s} ${n}`)
      .join(' · '),
  );
}

/** Changes go through the daemon's API (or, with no daemon, the same handlers under the lock). */
export async function outboxRetryCommand(
  ids: string[],
  opts: { config?: string; dead?: boolean; json?: boolean },
) {
  if (!ids.length && !opts.dead) throw usageError('give outbox ids (or a unique prefix) or --dead');
  const { retried } = await change(opts.config, 'outbox.retry', opts.dead ? { dead: true } : { ids });
  if (opts.json) printJson({ retried });
  else say(`${retried} item(s) queued for delivery again`);
}

export async function outboxPurgeCommand(opts: {
  config?: string;
  delivered?: boolean;
  dead?: boolean;
  olderThan?: string;
  json?: boolean;
}) {
  if (!opts.delivered && !opts.dead) throw usageError('choose what to purge: --delivered and/or --dead');
  const before = opts.olderThan ? Date.now() - parseAge(opts.olderThan) : undefined;
  const result = await change(opts.config, 'outbox.purge', {
    ...(opts.delivered ? { delivered: true } : {}),
    ...(opts.dead ? { dead: true } : {}),
    ...(before === undefined ? {} : { before }),
  });
  if (opts.json) printJson(result);
  else say(`purged ${result.delivered} delivered and ${result.dead} dead item(s)`);
}

function parseAge(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) throw usageError(`--older-than takes a number and a unit (s, m, h, d), e.g. 7d: "${text}"`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
