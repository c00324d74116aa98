import { createHmac } from 'node:crypto';
import type { NcpParam } from './types.ts';

/**
 * NCP API Gateway signature v2: base64(HMAC-SHA256(secretKey, "{METHOD} {uri}\n{timestamp}\n{accessKey}")),
 * where uri is the path and query exactly as sent. The body is not signed.
 */
export function signatureV2(input: {
  method: string;
  /** Path and query string as sent, starting with `/`. */
  uri: string;
  /** Epoch ms, as sent in x-ncp-apigw-timestamp. */
  timestamp: string;
  accessKey: string;
  secretKey: string;
}): string {
  const text = `${input.method} ${input.uri}\n${input.timestamp}\n${input.accessKey}`;
  return createHmac('sha256', input.secretKey).update(text).digest('base64');
}

/** The three headers a signed call carries. */
export function signedHeaders(input: {
  method: string;
  uri: string;
  timestamp: number;
  accessKey: string;
  secretKey: string;
}): Record<string, string> {
  const timestamp = String(input.timestamp);
  return {
    'x-ncp-apigw-timestamp': timestamp,
    'x-ncp-iam-access-key': input.accessKey,
    'x-ncp-apigw-signature-v2': signatureV2({ ...input, timestamp }),
  };
}

/**
 * RFC 3986 strict: encodeURIComponent leaves `!'()*` as they are, and the URL parser would then
 * turn `'` into %27, so the query sent would differ from the one signed.
 */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The query string of a v2 action call, in the params' order: arrays as numbered keys
 * (`serverInstanceNoList.1=…`), `responseFormatType=json` last (the default format is XML).
 * Built once: the same string is signed and sent.
 */
export function queryString(params: Record<string, NcpParam | undefined> = {}): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || key === 'responseFormatType') continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        parts.push(`${encode(`${key}.${i + 1}`)}=${encode(String(item))}`);
      });
    } else {
      parts.push(`${encode(key)}=${encode(String(value))}`);
    }
  }
  parts.push('responseFormatType=json');
  return parts.join('&');
}
