import type { VerifiedEvent } from '../types.ts';
import type { WebexApi } from './api.ts';
import { formSubmit, withoutMarkers } from './card.ts';
import { type Identity, isSelf, type WebexMe } from './identity.ts';

/**
 * A verified webhook envelope → events. The envelope names only ids (Webex keeps the text encrypted
 * at rest), so the message or the card's inputs are read back with the bot token.
 */

type Json = Record<string, unknown>;

/** Reading the message back must fit inside Webex's wait for our acknowledgement. */
export const FETCH_TIMEOUT_MS = 5000;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

export interface EnvelopeDeps {
  connection: string;
  api: WebexApi;
  identity: Identity;
}

export async function eventsOf(deps: EnvelopeDeps, envelope: Json): Promise<VerifiedEvent[]> {
  const data = obj(envelope['data']);
  if (envelope['event'] !== 'created') return [];
  if (envelope['resource'] === 'messages') return messageEvents(deps, data);
  if (envelope['resource'] === 'attachmentActions') return actionEvents(deps, data);
  return [];
}

async function messageEvents(deps: EnvelopeDeps, data: Json): Promise<VerifiedEvent[]> {
  const id = str(data['id']);
  if (!id) return [];
  const me = await deps.identity.get();
  // The bot's own posts come back as webhooks too: answered, they would loop.
  if (isSelf(me, { id: str(data['personId']), email: str(data['personEmail']) })) return [];
  const { body: message } = await deps.api.call<Json>({
    method: 'GET',
    path: `/messages/${encodeURIComponent(id)}`,
    timeoutMs: FETCH_TIMEOUT_MS,
  });
  const personId = str(message['personId']) ?? str(data['personId']);
  const personEmail = str(message['personEmail']) ?? str(data['personEmail']) ?? '';
  if (isSelf(me, { id: personId, email: personEmail })) return [];
  const roomId = str(message['roomId']) ?? str(data['roomId']) ?? '';
  const roomType = str(message['roomType']) ?? str(data['roomType']);
  const files = Array.isArray(message['files'])
    ? message['files'].filter((f): f is string => typeof f === 'string')
    : [];
  const text = str(message['text']) ?? '';
  return [
    {
      id: `webex:message:${id}`,
      type: 'message',
      text: roomType === 'group' ? withoutLeadingMention(text, str(message['html']), me) : text,
      user: personEmail,
      replyTo: `${deps.connection}/room/${roomId}`,
      ...(files.length ? { files } : {}),
      raw: { roomType, personId },
    },
  ];
}

/**
 * In a group room a bot hears only messages that mention it, and the text starts with the name the
 * sender's client put in the mention. The html's `<spark-mention data-object-id=…>` says which name.
 */
export function withoutLeadingMention(text: string, html: string | undefined, me: WebexMe): string {
  const names = new Set<string>();
  for (const match of (html ?? '').matchAll(
    /<spark-mention[^>]*data-object-id="([^"]+)"[^>]*>([^<]*)<\/spark-mention>/g,
  )) {
    if (match[1] && match[2] && isSelf(me, { id: match[1] })) names.add(match[2]);
  }
  if (me.displayName) names.add(me.displayName);
  const trimmed = text.trimStart();
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    if (name && trimmed.startsWith(name))
      return trimmed
        .slice(name.length)
        .replace(/^[\s,:]+/, '')
        .trim();
  }
  return text.trim();
}

async function actionEvents(deps: EnvelopeDeps, data: Json): Promise<VerifiedEvent[]> {
  const id = str(data['id']);
  if (!id) return [];
  const { body: action } = await deps.api.call<Json>({
    method: 'GET',
    path: `/attachment/actions/${encodeURIComponent(id)}`,
    timeoutMs: FETCH_TIMEOUT_MS,
  });
  const personId = str(action['personId']) ?? str(data['personId']) ?? '';
  const roomId = str(action['roomId']) ?? str(data['roomId']) ?? '';
  const messageId = str(action['messageId']) ?? str(data['messageId']);
  const user = personId ? await deps.identity.emailOf(personId) : '';
  const inputs = obj(action['inputs']);
  const base = { id: `webex:action:${id}`, user, replyTo: `${deps.connection}/room/${roomId}` };
  const submit = formSubmit(inputs);
  if (submit) return [{ ...base, type: 'form', form: submit }];
  return [
    { ...base, type: 'action', data: JSON.stringify(withoutMarkers(inputs)), raw: { messageId, personId } },
  ];
}
