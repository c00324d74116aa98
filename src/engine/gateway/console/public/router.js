// Real paths under /console via the history API; the gateway answers every /console/* with the shell.

export const BASE = '/console';

let onChange = () => {};

export function startRouter(handler) {
  onChange = handler;
  window.addEventListener('popstate', () => onChange());
  // Same-origin console links navigate in place; new-tab clicks and other links behave as usual.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link || link.target || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  onChange();
}

/** The current route: { name, params, query }. */
export function currentRoute() {
  const rest = location.pathname.slice(BASE.length).replace(/^\/+|\/+$/g, '');
  const query = new URLSearchParams(location.search);
  const parts = rest ? rest.split('/').map(decodeURIComponent) : [];
  if (parts.length === 0) return { name: 'overview', params: {}, query };
  if (parts[0] === 'apps' && parts.length === 2) return { name: 'app', params: { app: parts[1] }, query };
  if (parts.length === 1) return { name: parts[0], params: {}, query };
  return { name: 'not-found', params: {}, query };
}

/** A console URL: link('apps', name) → /console/apps/<name>. */
export function link(...parts) {
  return [BASE, ...parts.map(encodeURIComponent)].join('/');
}

/** Replaces the query string (filters) without a new history entry per keystroke. */
export function setQuery(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  history.replaceState(null, '', `${location.pathname}${qs ? `?${qs}` : ''}`);
}
