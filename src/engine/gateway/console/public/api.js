// The console speaks only to /api/v1 and /console/session|login|logout, as the signed-in user.
// Every change carries the session's CSRF token; a 401 means the session ended.

let csrf = null;

export function setCsrf(token) {
  csrf = token;
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Called with the error when any call answers 401 (the page shows the login form again). */
let onUnauthorized = () => {};
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

export async function request(method, path, body) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET') {
    if (csrf) headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (res.ok) return data;
  const err = errorOf(res.status, data);
  if (res.status === 401 && !path.startsWith('/console/')) onUnauthorized(err);
  throw err;
}

// /api/v1 answers {error: {code, message}}; the console's own endpoints {error: "text"}.
function errorOf(status, data) {
  const e = data?.error;
  if (e && typeof e === 'object') return new ApiError(status, e.code ?? String(status), e.message ?? '');
  return new ApiError(status, String(status), typeof e === 'string' ? e : `HTTP ${status}`);
}

/** GET /api/v1/<path>?query, leaving out empty values. */
export function get(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return request('GET', `/api/v1${path}${qs ? `?${qs}` : ''}`);
}

export function post(path, body = {}) {
  return request('POST', `/api/v1${path}`, body);
}

export function del(path) {
  return request('DELETE', `/api/v1${path}`);
}

export const enc = encodeURIComponent;
