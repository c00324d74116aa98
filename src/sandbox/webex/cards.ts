/** `attachments` rules for `POST /messages`: one Adaptive Card, `type: AdaptiveCard`, version ≤ 1.3. */
import { WebexError } from './http.ts';
import type { Card } from './types.ts';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** Highest Adaptive Card version Webex renders (reference §2.5: "commonly 1.3", UNCONFIRMED). */
export const MAX_CARD_VERSION = [1, 3] as const;

function versionOk(version: unknown): boolean {
  if (typeof version !== 'string') return false;
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < MAX_CARD_VERSION[0] || (major === MAX_CARD_VERSION[0] && minor <= MAX_CARD_VERSION[1]);
}

export function checkAttachments(value: unknown): Card[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new WebexError(400, 'attachments must be an array of card attachments');
  if (value.length > 1) throw new WebexError(400, 'Only one card attachment is allowed per message');
  return value.map((item: unknown) => {
    const card = (item ?? {}) as { contentType?: unknown; content?: unknown };
    if (card.contentType !== ADAPTIVE_CARD) {
      throw new WebexError(400, `attachments[0].contentType must be "${ADAPTIVE_CARD}"`);
    }
    const content = card.content as Record<string, unknown> | undefined;
    if (!content || typeof content !== 'object' || Array.isArray(content)) {
      throw new WebexError(400, 'attachments[0].content must be an Adaptive Card object');
    }
    if (content['type'] !== 'AdaptiveCard') {
      throw new WebexError(400, 'attachments[0].content.type must be "AdaptiveCard"');
    }
    if (!versionOk(content['version'])) {
      throw new WebexError(
        400,
        `Adaptive Card version ${JSON.stringify(content['version'])} is not supported; use 1.0 to ${MAX_CARD_VERSION.join('.')}`,
      );
    }
    return { contentType: ADAPTIVE_CARD, content };
  });
}
