/**
 * Webex-looking ids: unpadded URL-safe base64 of `ciscospark://us/<KIND>/<uuid>`, e.g.
 * `Y2lzY29zcGFyazovL3VzL01FU1NBR0UvLi4u`. Apps must treat them as opaque strings.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export type IdKind =
  | 'PEOPLE'
  | 'ROOM'
  | 'MESSAGE'
  | 'WEBHOOK'
  | 'ATTACHMENT_ACTION'
  | 'CONTENT'
  | 'ORGANIZATION'
  | 'APPLICATION';

export function webexId(kind: IdKind, uuid: string = randomUUID()): string {
  return Buffer.from(`ciscospark://us/${kind}/${uuid}`).toString('base64url');
}

/** What an id says inside, or undefined when it is not one of ours. */
export function decodeId(id: string): { kind: string; value: string } | undefined {
  const match = /^ciscospark:\/\/[^/]+\/([A-Z_]+)\/(.+)$/.exec(Buffer.from(id, 'base64url').toString('utf8'));
  return match ? { kind: match[1]!, value: match[2]! } : undefined;
}

/**
 * The bot's id in a second encoding: the same person, but the payload decodes to its email instead
 * of its uuid (as legacy ids can), so an app comparing only ids misses its own messages.
 */
export function alternatePersonId(email: string): string {
  return Buffer.from(`ciscospark://us/PEOPLE/${email}`).toString('base64');
}

/** `Trackingid` header / error body value, as Webex sends on every answer. */
export function trackingId(): string {
  return `ROUTER_${randomBytes(8).toString('hex').toUpperCase()}`;
}

export function randomToken(): string {
  return `${randomBytes(32).toString('base64url')}_PF84_${randomUUID()}`;
}
