/**
 * The path an app route sees, below /apps/<app>. Apps match it against their own route table and
 * may use it to find files, so it is decoded and normalised here, once, before routing: `.` and
 * empty segments go, `..` removes the segment before it, and anything that would climb out of
 * /apps/<app>/ or carries NUL is refused. Percent-encoded forms (%2e%2e, %2f, %00) are decoded first,
 * so they get exactly the same treatment as raw ones.
 */

export type AppPath = { ok: true; app: string; path: string } | { ok: false; error: string };

/** `rawUrl` is the request line's target as sent (`/apps/x/a/../b?q=1`). */
export function appPathOf(rawUrl: string): AppPath {
  const rawPath = rawUrl.split('?', 1)[0] ?? '';
  const [, prefix, rawApp, ...rest] = rawPath.split('/');
  if (prefix !== 'apps' || rawApp === undefined) return { ok: false, error: 'not an app route' };
  const app = decode(rawApp);
  const below = decode(rest.join('/'));
  if (app === null || below === null) return { ok: false, error: 'malformed percent-encoding in the path' };
  if (app.includes('\0') || below.includes('\0')) return { ok: false, error: 'NUL in the path' };
  if (app === '' || app === '.' || app === '..' || app.includes('/')) {
    return { ok: false, error: 'the path leaves /apps/<app>/' };
  }
  const segments: string[] = [];
  for (const segment of below.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.pop() === undefined) return { ok: false, error: 'the path leaves /apps/<app>/' };
  }
  // A trailing slash is kept: some apps tell a folder from a file by it.
  const trailing = segments.length > 0 && below.endsWith('/') ? '/' : '';
  return { ok: true, app, path: `/${segments.join('/')}${trailing}` };
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
