import type { AuthStatus } from './types.ts';

/** A refresh token this close to its end is worth a person's attention (the old system died silently at 90). */
export const REFRESH_WARN_DAYS = 14;
const DAY_MS = 24 * 3600 * 1000;

export interface StoredTokens {
  flow: 'service-account' | 'user';
  access: { expiresAt: number | null; updatedAt: number } | null;
  refresh: { expiresAt: number | null; updatedAt: number } | null;
}

/** Classifies stored token expiries into what `auth status` and the token-refresher report. */
export function authStatus(connection: string, type: string, tokens: StoredTokens, now: number): AuthStatus {
  const daysLeft =
    tokens.refresh?.expiresAt == null ? null : Math.floor((tokens.refresh.expiresAt - now) / DAY_MS);
  const base = {
    connection,
    type,
    flow: tokens.flow,
    access: tokens.access,
    refresh: tokens.refresh ? { ...tokens.refresh, daysLeft } : null,
  };
  // Service accounts mint a fresh token from their key whenever needed: no refresh token to watch.
  if (tokens.flow === 'service-account') return { ...base, state: 'ok' };
  if (!tokens.refresh) {
    return {
      ...base,
      state: 'needs-login',
      warning: `no refresh token: run "opsbot auth login ${connection}"`,
    };
  }
  if (daysLeft !== null && tokens.refresh.expiresAt !== null && tokens.refresh.expiresAt <= now) {
    return {
      ...base,
      state: 'expired',
      warning: `the refresh token has expired: run "opsbot auth login ${connection}"`,
    };
  }
  if (daysLeft !== null && daysLeft <= REFRESH_WARN_DAYS) {
    return {
      ...base,
      state: 'expiring',
      warning: `the refresh token expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}: run "opsbot auth refresh ${connection}" (or "auth login" if refreshing fails)`,
    };
  }
  return { ...base, state: 'ok' };
}
