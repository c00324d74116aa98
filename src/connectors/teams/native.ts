import { z } from 'zod';
import { type AdaptiveCard, CARD_CONTENT_TYPE, envelopeOf, type TeamsEnvelope } from './card.ts';

/**
 * Actions a Workflows-posted card cannot use: Action.Submit and Action.Execute send their data to a
 * bot, and the Flow bot that posts the card has nowhere to deliver it (Teams shows an error).
 */
const BOT_ACTIONS = new Set(['Action.Submit', 'Action.Execute']);

const VERSION = /^1\.[0-4]$/;

/** Where in a card a bot-only action sits ('body.2.actions.0'), or null: nested cards and ActionSets included. */
function botActionAt(value: unknown, path: string[] = []): string | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = botActionAt(item, [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  if (typeof record['type'] === 'string' && BOT_ACTIONS.has(record['type'])) return path.join('.');
  for (const [key, child] of Object.entries(record)) {
    const found = botActionAt(child, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

const adaptiveCard = z
  .looseObject({
    $schema: z.string().optional(),
    type: z.literal('AdaptiveCard', { error: 'type must be "AdaptiveCard"' }),
    version: z.string().regex(VERSION, 'version must be 1.0 to 1.4 (Workflows refuses newer cards)'),
    body: z.array(z.looseObject({ type: z.string() })).optional(),
    actions: z.array(z.looseObject({ type: z.string() })).optional(),
  })
  .superRefine((card, ctx) => {
    const at = botActionAt(card);
    if (at !== null) {
      ctx.addIssue({
        code: 'custom',
        path: at.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message:
          'Action.Submit and Action.Execute need a bot; a Workflows card can use Action.OpenUrl, ShowCard or ToggleVisibility',
      });
    }
  });

const envelope = z.strictObject({
  type: z.literal('message', { error: 'type must be "message"' }),
  attachments: z
    .array(
      z.strictObject({
        contentType: z.literal(CARD_CONTENT_TYPE, { error: `contentType must be ${CARD_CONTENT_TYPE}` }),
        contentUrl: z.string().nullable().optional(),
        content: adaptiveCard,
      }),
    )
    .length(1, 'one card per message: the Workflows template posts each attachment as its own message'),
});

/**
 * A native Teams body, for `ctx.send('teams', body)`: the Workflows envelope, or a bare Adaptive
 * Card (wrapped into one, since a bare card fails inside the standard flow though the call answers 202).
 */
export const teamsBody = z
  .looseObject({
    type: z.enum(['message', 'AdaptiveCard'], {
      error:
        'expected a Teams message ({ type: "message", attachments }) or an Adaptive Card ({ type: "AdaptiveCard" })',
    }),
  })
  .pipe(z.discriminatedUnion('type', [envelope, adaptiveCard]))
  .transform((body): TeamsEnvelope => {
    if (body.type === 'message') return body as TeamsEnvelope;
    return envelopeOf(body as AdaptiveCard);
  });

/** What an app may send: the envelope, or a bare card ≤ 1.4 without Action.Submit. */
export type TeamsBody = TeamsEnvelope | AdaptiveCard;
