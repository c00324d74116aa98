/** Raw signed requests for the emulator's tests (and tests elsewhere that drive it without a client). */
import { ncpSignature } from './signature.ts';

export interface Keys {
  accessKey: string;
  secretKey: string;
}

export interface SignedRequest {
  method?: 'GET' | 'POST';
  body?: string;
  contentType?: string;
  /** Default: now. */
  timestamp?: number;
  /** Sign this URI instead of the one sent (to forge a mismatch). */
  signUri?: string;
  /** Default x-ncp-apigw-signature-v2. */
  signatureHeader?: string;
}

/** Sends `pathWithQuery` to `baseUrl` signed with signature v2 over exactly that URI. */
export function signedFetch(baseUrl: string, pathWithQuery: string, keys: Keys, req: SignedRequest = {}) {
  const method = req.method ?? 'GET';
  const timestamp = String(req.timestamp ?? Date.now());
  const signature = ncpSignature(
    method,
    req.signUri ?? pathWithQuery,
    timestamp,
    keys.accessKey,
    keys.secretKey,
  );
  const headers: Record<string, string> = {
    'x-ncp-apigw-timestamp': timestamp,
    'x-ncp-iam-access-key': keys.accessKey,
    [req.signatureHeader ?? 'x-ncp-apigw-signature-v2']: signature,
  };
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  const init: RequestInit = { method, headers };
  if (req.body !== undefined) init.body = req.body;
  return fetch(`${baseUrl}${pathWithQuery}`, init);
}

/** A signed Cloud Insight POST with a JSON body. */
export function signedQuery(baseUrl: string, path: string, keys: Keys, body: unknown) {
  return signedFetch(baseUrl, path, keys, {
    method: 'POST',
    body: JSON.stringify(body),
    contentType: 'application/json',
  });
}

/** The list inside `{ "<action>Response": { … } }`. */
export async function listOf(res: Response, listKey: string) {
  const body = (await res.json()) as Record<string, Record<string, unknown>>;
  const inner = Object.values(body)[0]!;
  return {
    totalRows: inner['totalRows'] as number,
    items: inner[listKey] as Record<string, unknown>[],
    inner,
  };
}
