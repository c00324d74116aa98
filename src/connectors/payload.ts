import type { FormDelivery } from '../contracts/forms.ts';
import type { PortableMessage } from '../contracts/message.ts';
import { DeliveryError } from './kit/delivery-error.ts';
import type { OutboundPayload } from './types.ts';

/**
 * A stored outbox item (its kind and JSON payload) as the payload a connector is sent. The app host
 * validated the payload when it was enqueued; this checks the shape again because the row is data
 * read back from the store, and a malformed one must go dead with a reason rather than crash a renderer.
 */
export function outboundPayload(kind: string, payload: unknown): OutboundPayload {
  if (kind === 'native') return { kind: 'native', body: payload };
  if (kind === 'portable' && isPortableMessage(payload)) return { kind: 'portable', message: payload };
  if (kind === 'form' && isFormDelivery(payload)) return { kind: 'form', form: payload };
  throw new DeliveryError(`stored payload is not a valid ${kind} message`, { retryable: false });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isPortableMessage(value: unknown): value is PortableMessage {
  return isRecord(value) && typeof value['text'] === 'string';
}

export function isFormDelivery(value: unknown): value is FormDelivery {
  if (!isRecord(value) || typeof value['formId'] !== 'string' || typeof value['expiresAt'] !== 'number') {
    return false;
  }
  const form = value['form'];
  return isRecord(form) && typeof form['title'] === 'string' && Array.isArray(form['fields']);
}
