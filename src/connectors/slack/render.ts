import type { MessageField, PortableMessage, Severity } from '../../contracts/message.ts';

/**
 * Portable message → a chat.postMessage body in Block Kit. Slack refuses (invalid_blocks) anything
 * past its limits, so long parts are cut here, visibly (…), instead of the message going dead.
 */

export type Block = Record<string, unknown>;

// A type, not an interface: it must fit SlackBody's open index signature.
export type SlackMessage = {
  text: string;
  blocks?: Block[];
  attachments?: Array<{ color: string; blocks: Block[] }>;
};

export const SEVERITY_COLOURS: Record<Severity, string> = {
  info: '#2563EB',
  success: '#16A34A',
  warning: '#D97706',
  error: '#DC2626',
  critical: '#7F1D1D',
};

const LIMITS = {
  header: 150,
  section: 3000,
  field: 2000,
  fieldsPerSection: 10,
  blocks: 50,
  buttonsPerActions: 25,
  buttonText: 75,
  url: 3000,
  fallback: 3000,
};

/** Cuts by code points, so Hangul or an emoji is never split inside a surrogate pair. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Plain text into mrkdwn: only &, < and > have meaning Slack would act on. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const plain = (text: string, max: number) => ({
  type: 'plain_text',
  text: cut(text, max),
  emoji: true,
});
const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: cut(text, max) });

export function renderMessage(message: PortableMessage): SlackMessage {
  const blocks = renderBlocks(message);
  const fallback = cut([message.title, message.text].filter(Boolean).join('\n') || ' ', LIMITS.fallback);
  if (!message.severity) return { text: fallback, blocks };
  // Blocks inside an attachment get the severity's coloured bar beside them.
  return { text: fallback, attachments: [{ color: SEVERITY_COLOURS[message.severity], blocks }] };
}

function renderBlocks(message: PortableMessage): Block[] {
  const blocks: Block[] = [];
  if (message.title) blocks.push({ type: 'header', text: plain(message.title, LIMITS.header) });
  if (message.text)
    blocks.push({ type: 'section', text: mrkdwn(escapeMrkdwn(message.text), LIMITS.section) });
  blocks.push(...fieldSections(message.fields ?? []));
  const links = message.links ?? [];
  for (let i = 0; i < links.length; i += LIMITS.buttonsPerActions) {
    const elements = links.slice(i, i + LIMITS.buttonsPerActions).map((link, j) => ({
      type: 'button',
      action_id: `link_${i + j}`,
      text: plain(link.label || link.url, LIMITS.buttonText),
      url: link.url.slice(0, LIMITS.url),
    }));
    blocks.push({ type: 'actions', elements });
  }
  if (blocks.length === 0) blocks.push({ type: 'section', text: mrkdwn(' ', LIMITS.section) });
  return withinBlockLimit(blocks);
}

function fieldSections(fields: MessageField[]): Block[] {
  const sections: Block[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    const texts = fields.slice(i, i + LIMITS.fieldsPerSection).map((f) => {
      const name = escapeMrkdwn(f.name);
      return mrkdwn(`${name ? `*${name}*\n` : ''}${escapeMrkdwn(f.value) || ' '}`, LIMITS.field);
    });
    sections.push({ type: 'section', fields: texts });
  }
  return sections;
}

/** At most 50 blocks: the last kept one says how many were left out. */
function withinBlockLimit(blocks: Block[]): Block[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  const kept = blocks.slice(0, LIMITS.blocks - 1);
  const left = blocks.length - kept.length;
  return [...kept, { type: 'context', elements: [mrkdwn(`… ${left} more not shown`, LIMITS.section)] }];
}
