import type { PortableMessage, Severity } from '../../contracts/message.ts';

/**
 * Adaptive Card shapes, as far as opsbot writes them. Version 1.4 is the highest Workflows accepts
 * (a 1.5 card fails inside the flow while the HTTP call still answers 202).
 */
export const CARD_VERSION = '1.4';
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export type CardElement = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  $schema?: string;
  type: 'AdaptiveCard';
  version: string;
  body?: CardElement[];
  actions?: CardElement[];
  [key: string]: unknown;
}

/** What the Workflows template expects: a message whose attachments are cards (it loops over them). */
export interface TeamsEnvelope {
  type: 'message';
  attachments: Array<{
    contentType: typeof CARD_CONTENT_TYPE;
    contentUrl?: string | null;
    content: AdaptiveCard;
  }>;
}

/** Severity as the card's colours: the Container's style (a tinted band) and the title's colour. */
const STYLE: Record<Severity, { container: string; color: string }> = {
  info: { container: 'accent', color: 'Accent' },
  success: { container: 'good', color: 'Good' },
  warning: { container: 'warning', color: 'Warning' },
  error: { container: 'attention', color: 'Attention' },
  critical: { container: 'attention', color: 'Attention' },
};

/** Titles and fact values past these lengths are cut before the size check: they are never the point. */
const TITLE_CHARS = 500;
const FACT_CHARS = 2_000;

export function envelopeOf(card: AdaptiveCard): TeamsEnvelope {
  return {
    type: 'message',
    attachments: [{ contentType: CARD_CONTENT_TYPE, contentUrl: null, content: card }],
  };
}

/** What is left out of a shortened card, shown at its end. */
export interface Omitted {
  facts: number;
  characters: number;
}

/** The card for a portable message; `omitted` adds the visible "shortened" note. */
export function cardOf(message: PortableMessage, omitted?: Omitted): AdaptiveCard {
  const body: CardElement[] = [];
  const style = message.severity ? STYLE[message.severity] : undefined;
  const head: CardElement[] = [];
  if (message.title) {
    head.push({
      type: 'TextBlock',
      text: cut(message.title, TITLE_CHARS),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      ...(style ? { color: style.color } : {}),
    });
  }
  if (message.severity === 'critical' || message.severity === 'error') {
    head.push({
      type: 'TextBlock',
      text: message.severity.toUpperCase(),
      weight: 'Bolder',
      color: style?.color,
      spacing: 'None',
    });
  }
  if (head.length > 0) {
    body.push({ type: 'Container', ...(style ? { style: style.container, bleed: true } : {}), items: head });
  }
  if (message.text) body.push({ type: 'TextBlock', text: message.text, wrap: true });
  if (message.fields?.length) {
    body.push({
      type: 'FactSet',
      facts: message.fields.map((f) => ({ title: f.name, value: cut(f.value, FACT_CHARS) })),
    });
  }
  if (omitted) {
    body.push({ type: 'TextBlock', text: noteOf(omitted), isSubtle: true, size: 'Small', wrap: true });
  }
  const actions = (message.links ?? []).map((l) => ({ type: 'Action.OpenUrl', title: l.label, url: l.url }));
  return {
    $schema: CARD_SCHEMA,
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export function noteOf(omitted: Omitted): string {
  const facts = `${omitted.facts} ${omitted.facts === 1 ? 'fact' : 'facts'}`;
  const characters = `${omitted.characters} ${omitted.characters === 1 ? 'character' : 'characters'}`;
  return `… shortened: ${facts} and ${characters} left out`;
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
