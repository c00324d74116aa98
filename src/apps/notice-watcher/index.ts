import { type AppContext, defineApp, type MessageLink, type PortableMessage, retryDelay } from 'opsbot';
import { dryRunAware } from '../shared/dry-run.ts';
import { ListCache, rejectReason } from './lists.ts';
import { type Options, options, resolveSource, type Watch } from './options.ts';
import { errorReason, HttpError, type Notice, pollSource } from './sources.ts';

/**
 * Watches notice lists (HTML pages, RSS/Atom feeds, JSON APIs; preset: OCC information memos) and
 * alerts once per new notice, with the notice and its attachments as link buttons (the old
 * occ_checker, generalised). The first successful poll of a watch only records what is there.
 * Polite: a minimum interval per watch, conditional GETs (ETag / Last-Modified, 304 = no change),
 * its own User-Agent, and exponential backoff after failures. After `failureThreshold` failed polls
 * in a row it alerts once, and once more when the source can be read again.
 * A watch that could not be read (or is backing off after failures) fails the run once every watch
 * had its turn, so `opsbot run` exits 1 and status shows the error. Built on the public SDK only.
 */

type Ctx = AppContext<Options>;

interface WatchState {
  /** Ids seen, newest first, bounded by `remember`. */
  seen: string[];
  /** False until the first successful poll recorded the baseline. */
  initialized: boolean;
  etag?: string;
  lastModified?: string;
  lastPollAt?: number;
  /** Consecutive failed polls. */
  failures: number;
  /** No poll before this (backoff after a failure). */
  retryAt?: number;
  /** The "cannot read" alert went out; a success sends the recovery alert. */
  alerted: boolean;
  lastError?: string;
}

const MAX_LINKS = 6;

const stateKey = (watch: Watch) => `watch:${watch.name}`;

export default defineApp({
  description: 'watches notice pages, feeds and APIs (OCC info memos preset) and alerts on new notices',
  options,
  schedule: '*/10 * * * *',

  // A dry run fetches the pages and logs the alerts it would send; the items stay unseen for the next real run.
  dryRun: true,

  async run(input) {
    const ctx = dryRunAware(input);
    const lists = new ListCache(ctx.signal);
    const failed: string[] = [];
    for (const watch of ctx.options.watches) {
      if (ctx.signal.aborted) break;
      const problem = await pollWatch(ctx, watch, lists);
      if (problem) failed.push(problem);
    }
    if (failed.length) throw new Error(`cannot read ${failed.join('; ')}`);
  },
});

/** Polls one watch; returns why it could not be read ("<name>: <reason>"), or null. */
async function pollWatch(ctx: Ctx, watch: Watch, lists: ListCache): Promise<string | null> {
  const log = ctx.log.child({ watch: watch.name });
  const now = ctx.clock.now();
  const state: WatchState = (await ctx.store.get<WatchState>(stateKey(watch))) ?? {
    seen: [],
    initialized: false,
    failures: 0,
    alerted: false,
  };
  if (state.lastPollAt !== undefined && now - state.lastPollAt < watch.minIntervalSeconds * 1000) {
    log.debug('polled %d s ago; skipped (minIntervalSeconds)', Math.round((now - state.lastPollAt) / 1000));
    return stillFailing(watch, state);
  }
  if (state.retryAt !== undefined && now < state.retryAt) {
    const until = new Date(state.retryAt).toISOString();
    log.info({ failures: state.failures }, 'backing off after failures until %s', until);
    // A run during backoff read nothing: it is not "ok" while the source is still failing.
    return `${stillFailing(watch, state)} (backing off until ${until})`;
  }
  state.lastPollAt = now;
  try {
    await readNotices(ctx, watch, state, lists, log);
    if (state.alerted) {
      await ctx.notify(watch.errorTarget ?? watch.target, {
        title: `Notice watch recovered: ${watch.name}`,
        text: `${watch.name} can be read again (after ${state.failures} failed polls).`,
        severity: 'success',
      });
      log.info('recovered');
    }
    state.failures = 0;
    state.alerted = false;
    delete state.retryAt;
    delete state.lastError;
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const reason = errorReason(err);
    state.failures++;
    state.lastError = reason;
    const { initialSeconds, maxSeconds } = watch.backoff;
    // No jitter (factor 1): one watcher per site, so nothing to spread out, and the wait is predictable.
    const backoff = { backoff: initialSeconds * 1000, maxBackoff: maxSeconds * 1000 };
    let wait = retryDelay(state.failures, backoff, () => 1);
    if (err instanceof HttpError && err.retryAfterMs !== undefined) wait = Math.max(wait, err.retryAfterMs);
    state.retryAt = now + wait;
    log.warn(
      { failures: state.failures, retryInSeconds: wait / 1000 },
      'cannot read %s: %s',
      watch.name,
      reason,
    );
    if (state.failures >= watch.failureThreshold && !state.alerted) {
      await ctx.notify(watch.errorTarget ?? watch.target, {
        title: `Notice watch failing: ${watch.name}`,
        text: `cannot read ${watch.name}: ${reason}\n(${state.failures} failed polls in a row; retrying with backoff)`,
        severity: 'error',
      });
      state.alerted = true;
    }
  }
  await ctx.store.set(stateKey(watch), state);
  return state.failures > 0 ? stillFailing(watch, state) : null;
}

function stillFailing(watch: Watch, state: WatchState): string | null {
  if (state.failures === 0) return null;
  return `${watch.name}: ${state.lastError ?? 'failed'} (${state.failures} failed polls in a row)`;
}

async function readNotices(
  ctx: Ctx,
  watch: Watch,
  state: WatchState,
  lists: ListCache,
  log: Ctx['log'],
): Promise<void> {
  const result = await pollSource(resolveSource(watch.source), {
    ...(state.etag ? { etag: state.etag } : {}),
    ...(state.lastModified ? { lastModified: state.lastModified } : {}),
    ...(watch.headers ? { headers: watch.headers } : {}),
    timeoutMs: watch.timeoutSeconds * 1000,
    signal: ctx.signal,
  });
  if (!result.changed) {
    log.debug('not modified (304)');
    return;
  }
  const seen = new Set(state.seen);
  const fresh = dedupe(result.notices.filter((n) => !seen.has(n.id)));

  if (!state.initialized) {
    log.info('first poll: %d notices recorded as seen, none alerted', result.notices.length);
    if (watch.announceFirstRun) {
      await ctx.notify(watch.target, {
        title: `Watching ${watch.name}`,
        text: `${result.notices.length} notices are on the list now; new ones will be alerted.`,
        severity: 'info',
      });
    }
  } else if (fresh.length) {
    // Lists show the newest first: alert the oldest first. Filters run before anything is recorded,
    // so a list that cannot be read fails the poll and the notices are judged again next time.
    const alerts: Notice[] = [];
    for (const notice of [...fresh].reverse()) {
      const reason = await rejectReason(notice.title, watch.filters, lists);
      if (reason) log.info({ id: notice.id, filter: reason }, 'filtered out: %s', notice.title);
      else alerts.push(notice);
    }
    for (const notice of alerts.slice(0, watch.maxAlertsPerPoll)) {
      await ctx.notify(watch.target, noticeMessage(watch, notice));
    }
    const extra = alerts.length - watch.maxAlertsPerPoll;
    if (extra > 0) {
      await ctx.notify(watch.target, {
        title: `${watch.name}: ${extra} more new notices`,
        text: `${alerts.length} new notices in one poll; only the first ${watch.maxAlertsPerPoll} were sent.`,
        severity: 'warning',
        links: [{ label: 'Open the list', url: resolveSource(watch.source).url }],
      });
    }
    log.info({ fresh: fresh.length, alerted: alerts.length }, 'new notices');
  }

  const pageIds = result.notices.map((n) => n.id);
  const keep = Math.max(watch.remember, pageIds.length);
  state.seen = [...new Set([...pageIds, ...state.seen])].slice(0, keep);
  state.initialized = true;
  if (result.etag) state.etag = result.etag;
  else delete state.etag;
  if (result.lastModified) state.lastModified = result.lastModified;
  else delete state.lastModified;
}

function dedupe(notices: Notice[]): Notice[] {
  const ids = new Set<string>();
  return notices.filter((n) => !ids.has(n.id) && ids.add(n.id));
}

export function noticeMessage(watch: Watch, notice: Notice): PortableMessage {
  const lines = [notice.title];
  if (notice.number) lines.push(`No. ${notice.number}`);
  if (notice.date) lines.push(`Posted: ${notice.date}`);
  if (notice.effectiveDate) lines.push(`Effective: ${notice.effectiveDate}`);
  const links: MessageLink[] = [];
  if (notice.link) links.push({ label: 'Open notice', url: notice.link });
  for (const a of notice.attachments) {
    if (links.length >= MAX_LINKS) break;
    if (!links.some((l) => l.url === a.url)) links.push({ label: a.label.slice(0, 40), url: a.url });
  }
  return {
    title: `New notice: ${watch.name}`,
    text: lines.join('\n'),
    severity: 'info',
    ...(links.length ? { links } : {}),
  };
}
