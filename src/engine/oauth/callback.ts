import type { Connector } from '../../connectors/types.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Store } from '../../platform/store/types.ts';
import { claimState, finishState, readState } from './states.ts';

/**
 * The redirect at the end of a consent: check `state`, trade the code for tokens, and answer a
 * small page the person reads in their browser. Used by the gateway and by `opsbot auth login`
 * when no daemon is running.
 */

export interface CallbackAnswer {
  status: number;
  /** Plain text for the page; the caller escapes it. */
  title: string;
  detail: string;
}

export async function handleOAuthCallback(deps: {
  connection: string;
  connector: Connector | undefined;
  query: Record<string, string | undefined>;
  store: Store;
  now: number;
}): Promise<CallbackAnswer> {
  const { connection, connector, query, store, now } = deps;
  if (!connector?.auth)
    return { status: 404, title: 'Unknown connection', detail: `no OAuth connection "${connection}"` };
  const state = query['state'] ?? '';
  if (!state) return { status: 400, title: 'Login refused', detail: 'the redirect carries no state' };
  const refused = await claimState(store, state, connection, now);
  if (refused) return { status: 400, title: 'Login refused', detail: refused };
  const pending = await readState(store, state);
  if (!pending) return { status: 400, title: 'Login refused', detail: 'state vanished' };

  if (query['error']) {
    // The consent screen said no (or failed): show its words, they are meant for people.
    const detail = `${query['error']}${query['error_description'] ? `: ${query['error_description']}` : ''}`;
    await finishState(store, state, pending, { ok: false, at: now, error: detail });
    return { status: 400, title: 'Login was not granted', detail };
  }
  const code = query['code'];
  if (!code) {
    await finishState(store, state, pending, { ok: false, at: now, error: 'no code in the redirect' });
    return { status: 400, title: 'Login refused', detail: 'the redirect carries no code' };
  }
  try {
    const status = await connector.auth.exchangeCode(code);
    await finishState(store, state, pending, { ok: true, at: now });
    const days = status.refresh?.daysLeft;
    return {
      status: 200,
      title: `Connected "${connection}"`,
      detail: `Tokens are stored${days == null ? '' : `; the refresh token is good for ${days} days`}. You can close this window.`,
    };
  } catch (err) {
    // Connector errors are already redacted; they name the failing step, never a secret.
    const error = errorMessage(err);
    await finishState(store, state, pending, { ok: false, at: now, error });
    return { status: 502, title: 'Token exchange failed', detail: error };
  }
}

/** Headers for the answer page: the code and state sit in its URL, so no referrer, no cache, no scripts. */
export const CALLBACK_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
} as const;

export function callbackPage(answer: CallbackAnswer): string {
  const esc = (s: string) =>
    s.replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
    );
  return `<!doctype html><html><head><meta charset="utf-8"><title>opsbot · ${esc(answer.title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;line-height:1.5">
<h1 style="font-size:1.3rem">${esc(answer.title)}</h1><p>${esc(answer.detail)}</p></body></html>`;
}
