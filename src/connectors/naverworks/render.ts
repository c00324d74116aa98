import type { PortableMessage, Severity } from '../../contracts/message.ts';

/** Portable message → NAVER WORKS message content (a flex bubble, or plain text when that is all there is). */

export const SEVERITY_COLOURS: Record<Severity, string> = {
  info: '#2563EB',
  success: '#16A34A',
  warning: '#D97706',
  error: '#DC2626',
  critical: '#7F1D1D',
};

const ALT_TEXT_MAX = 400;
const LABEL_MAX = 20;
const MAX_BUTTONS = 4;
const FIELD_NAME_COLOUR = '#6B7280';

type Json = Record<string, unknown>;

export function renderContent(message: PortableMessage): Json {
  const fields = message.fields ?? [];
  const links = message.links ?? [];
  if (!message.title && !message.severity && fields.length === 0 && links.length === 0) {
    // A plain text message reads better (and notifies with its text) as text than as a card.
    return { type: 'text', text: message.text };
  }
  const severity = message.severity ?? 'info';
  const bubble: Json = { type: 'bubble' };
  if (message.title || message.severity) {
    bubble['header'] = {
      type: 'box',
      layout: 'vertical',
      backgroundColor: SEVERITY_COLOURS[severity],
      contents: [
        {
          type: 'text',
          // Severity alone still gets a coloured header: the colour is the point.
          text: message.title ?? severity.toUpperCase(),
          weight: 'bold',
          color: '#FFFFFF',
          wrap: true,
        },
      ],
    };
  }
  const body: Json[] = [];
  if (message.text) body.push({ type: 'text', text: message.text, wrap: true });
  for (const field of fields) {
    body.push({
      type: 'box',
      layout: 'baseline',
      spacing: 'sm',
      contents: [
        { type: 'text', text: field.name || ' ', color: FIELD_NAME_COLOUR, size: 'sm', flex: 2, wrap: true },
        { type: 'text', text: field.value || ' ', size: 'sm', flex: 5, wrap: true },
      ],
    });
  }
  if (body.length > 0) bubble['body'] = { type: 'box', layout: 'vertical', spacing: 'md', contents: body };
  if (links.length > 0) {
    bubble['footer'] = {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: links.slice(0, MAX_BUTTONS).map((link) => ({
        type: 'button',
        style: 'link',
        action: { type: 'uri', label: cut(link.label || link.url, LABEL_MAX), uri: link.url },
      })),
    };
  }
  // The notification and chat-list preview show altText only.
  const altText = cut(message.title || message.text || severity, ALT_TEXT_MAX);
  return { type: 'flex', altText, contents: bubble };
}

/**
 * NAVER WORKS has no forms: a form goes out as a card with its title and text and one button that
 * opens the signed single-use page (the uri action). Without the page URL there is nothing to open.
 */

/** Cuts by code points, so a Korean or emoji label is never split inside a surrogate pair. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
