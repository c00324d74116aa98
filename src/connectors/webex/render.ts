import type { PortableMessage, Severity } from '../../contracts/message.ts';

/**
 * Portable message → Webex `markdown` with a plain `text` fallback. Webex refuses a text, markdown or
 * html over 7,439 bytes, so a longer one is cut here, visibly, instead of the message going dead.
 */

export const MAX_MESSAGE_BYTES = 7439;
const CUT_MARK = '\n…(이하 생략)';

export const SEVERITY_PREFIX: Record<Severity, string> = {
  info: 'ℹ️',
  success: '✅',
  warning: '⚠️',
  error: '❌',
  critical: '🚨',
};

export interface WebexText {
  markdown: string;
  text: string;
}

/** Cuts by code points to at most `max` UTF-8 bytes, marker included, so Hangul is never split. */
export function cutBytes(text: string, max = MAX_MESSAGE_BYTES): string {
  if (Buffer.byteLength(text) <= max) return text;
  const room = max - Buffer.byteLength(CUT_MARK);
  let used = 0;
  let kept = '';
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > room) break;
    used += size;
    kept += char;
  }
  return `${kept}${CUT_MARK}`;
}

/** Plain text into markdown: characters Webex's markdown would act on are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

export function renderMessage(message: PortableMessage): WebexText {
  const prefix = message.severity ? `${SEVERITY_PREFIX[message.severity]} ` : '';
  const md: string[] = [];
  const plain: string[] = [];
  if (message.title) {
    md.push(`${prefix}**${escapeMarkdown(message.title)}**`);
    plain.push(`${prefix}${message.title}`);
  }
  if (message.text) {
    md.push(`${message.title ? '' : prefix}${escapeMarkdown(message.text)}`);
    plain.push(`${message.title ? '' : prefix}${message.text}`);
  }
  for (const field of message.fields ?? []) {
    md.push(`**${escapeMarkdown(field.name)}**: ${escapeMarkdown(field.value)}`);
    plain.push(`${field.name}: ${field.value}`);
  }
  for (const link of message.links ?? []) {
    md.push(`[${escapeMarkdown(link.label || link.url)}](${link.url.replace(/\)/g, '%29')})`);
    plain.push(`${link.label ? `${link.label}: ` : ''}${link.url}`);
  }
  const markdown = md.join('\n\n') || prefix.trim() || ' ';
  const text = plain.join('\n') || prefix.trim() || ' ';
  return { markdown: cutBytes(markdown), text: cutBytes(text) };
}
