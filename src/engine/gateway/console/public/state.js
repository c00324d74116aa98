// What every page shares: who is signed in, and the last status/overview from the live stream.

export const state = {
  /** { name, role, via, csrf } */
  session: null,
  /** The daemon's status (apps, timezone, cluster). */
  status: null,
  /** The overview method's answer (health, outbox depth, dead letters, tokens). */
  overview: null,
  /** True while the live stream is connected. */
  live: false,
};

const ORDER = ['viewer', 'operator', 'admin'];

/** True when the signed-in user's role is `role` or above it. */
export function can(role) {
  return ORDER.indexOf(state.session?.role) >= ORDER.indexOf(role);
}

const listeners = new Set();

/** Calls `fn` after each live update; returns the unsubscribe. */
export function onUpdate(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function publish() {
  for (const fn of [...listeners]) fn(state);
}
