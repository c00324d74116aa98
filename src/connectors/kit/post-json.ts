import { networkReason } from '../../platform/errors.ts';
import { DeliveryError } from './delivery-error.ts';
import { deliveryErrorFor } from './http-status.ts';

export interface PostJsonOptions {
  url: string;
  body: unknown;
  headers: Headers;
  /** Ms for the whole answer; past it the attempt fails and is retried. */
  timeout: number;
  /** The connection type, first word of every error ("teams answered 404: …"). */
  label: string;
  /** Removes the connection's credentials from any text that may end up in an error. */
  scrub: (text: string) => string;
  /** The reason quoted from a failed answer's body, already scrubbed. */
  reason: (body: string) => string;
  now: () => number;
}

/**
 * One POST of a JSON body to a webhook-like URL, as a delivery attempt: any 2xx is delivered, a
 * 3xx is dead (following it would turn the POST into a GET; a moved URL is a config error), other
 * answers go through the kit's status mapping, and a network failure is retried.
 */
export async function postJson(options: PostJsonOptions): Promise<void> {
  const { label, scrub } = options;
  let response: Response;
  let text: string;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: options.headers,
      body: JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeout),
      redirect: 'manual',
    });
    text = await response.text();
  } catch (err) {
    const reason = networkReason(err);
    const what =
      reason === 'timed out' ? `did not answer within ${options.timeout} ms` : `request failed: ${reason}`;
    throw new DeliveryError(scrub(`${label} ${what}`), { retryable: true });
  }
  const status = response.status;
  if (status >= 200 && status < 300) return;
  if (status >= 300 && status < 400) {
    throw new DeliveryError(`${label} answered ${status} (redirects are not followed; check the url)`, {
      retryable: false,
      status,
    });
  }
  // Scrubbed before it is cut short, so a cut can never leave part of a credential behind.
  const reason = options.reason(scrub(text));
  throw deliveryErrorFor(
    response,
    scrub(`${label} answered ${status}${reason ? `: ${reason}` : ''}`),
    options.now(),
  );
}
