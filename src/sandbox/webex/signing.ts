/** `X-Spark-Signature`: lowercase hex HMAC-SHA1 of the raw body, keyed with the webhook's secret. */
import { createHmac } from 'node:crypto';

export function webexSignature(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha1', secret).update(rawBody).digest('hex');
}
