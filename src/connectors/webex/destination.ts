import { DeliveryError } from '../kit/delivery-error.ts';

/** Where a Webex send goes, read from the part of the target after the connection name. */
export type WebexDestination = { kind: 'room'; roomId: string } | { kind: 'person'; email: string };

export const DESTINATION_KINDS: readonly string[] = ['room', 'person'];

// Webex ids are base64 (url-safe or not, sometimes padded).
const ROOM_ID = /^[A-Za-z0-9+_=-]+$/;
const EMAIL = /^[^\s/@]+@[^\s/@]+\.[^\s/@]+$/;

export function parseDestination(destination: string): WebexDestination {
  const [kind, id, ...rest] = destination.split('/');
  if (rest.length === 0 && id !== undefined) {
    if (kind === 'room' && ROOM_ID.test(id)) return { kind, roomId: id };
    if (kind === 'person' && EMAIL.test(id)) return { kind, email: id };
  }
  throw new DeliveryError(`webex destination must be room/<roomId> or person/<email>, got "${destination}"`, {
    retryable: false,
  });
}

/** The POST /messages target fields for a destination. */
export function targetFields(to: WebexDestination): { roomId: string } | { toPersonEmail: string } {
  return to.kind === 'room' ? { roomId: to.roomId } : { toPersonEmail: to.email };
}
