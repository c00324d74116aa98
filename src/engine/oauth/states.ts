import { randomBytes } from 'node:crypto';
import type { Store } from '../../platform/store/types.ts';

/**
 * Pending OAuth `state` values, kept in the store so the CLI that printed the URL and the gateway
 * that receives the redirect (possibly another process) agree on them. Single use, short-lived.
 */

/** kv namespace; apps cannot collide with it (app names cannot start with '_'). */
const NAMESPACE = '_oauth';
/** Long enough to read a consent screen and log in; short enough that a leaked URL goes stale. */
export const STATE_TTL_MS = 10 * 60 * 1000;

export interface PendingState {
  connection: string;
  createdAt: number;
  /** Set once the redirect came back: 'done', or the error a person should see. */
  outcome?: { ok: true; at: number } | { ok: false; at: number; error: string };
}

const key = (state: string) => `state:${state}`;

export async function createState(store: Store, connection: string, now: number): Promise<string> {
  const state = randomBytes(24).toString('base64url');
  const pending: PendingState = { connection, createdAt: now };
  await store.kv.set(NAMESPACE, key(state), pending);
  // Old entries would otherwise pile up: prune on every new one.
  for (const { key: k, value } of await store.kv.list(NAMESPACE, 'state:')) {
    if ((value as PendingState).createdAt + STATE_TTL_MS * 6 < now) await store.kv.delete(NAMESPACE, k);
  }
  return state;
}

export async function readState(store: Store, state: string): Promise<PendingState | undefined> {
  return (await store.kv.get(NAMESPACE, key(state))) as PendingState | undefined;
}

// Claims run one at a time in a process, which makes read-check-mark below atomic for concurrent
// redirects. One process serves callbacks at a time: the daemon's gateway, or `auth login` when no
// daemon runs (it refuses to start its listener while the port is taken).
let claims: Promise<unknown> = Promise.resolve();

/** Why a returning state is refused, or null when it may be used (and is now used up). */
export function claimState(
  store: Store,
  state: string,
  connection: string,
  now: number,
): Promise<string | null> {
  const run = claims.then(() => claimOnce(store, state, connection, now));
  claims = run.catch(() => undefined);
  return run;
}

async function claimOnce(
  store: Store,
  state: string,
  connection: string,
  now: number,
): Promise<string | null> {
  const pending = await readState(store, state);
  if (!pending) return 'unknown state: start again with "opsbot auth url" or "opsbot auth login"';
  if (pending.connection !== connection) return 'this state was issued for another connection';
  if (pending.outcome) return 'this state was already used: start the login again';
  if (pending.createdAt + STATE_TTL_MS < now) return 'the login took too long (state expired): start again';
  // Marked before the exchange, so a replayed redirect cannot trade the same code twice.
  await finishState(store, state, pending, { ok: false, at: now, error: 'exchange in progress' });
  return null;
}

export async function finishState(
  store: Store,
  state: string,
  pending: PendingState,
  outcome: NonNullable<PendingState['outcome']>,
): Promise<void> {
  await store.kv.set(NAMESPACE, key(state), { ...pending, outcome });
}
