import type { InboundEvent } from '../../contracts/inbound.ts';
import type { VerifiedEvent } from '../types.ts';
import { FORM_CALLBACK_ID, FORM_OPEN_ACTION } from './modal.ts';
import { formValues } from './values.ts';

/**
 * What Slack sends (a slash command's fields, an interactivity payload, an Events API body), read
 * into events — the same for HTTP and Socket Mode. Tokens and response URLs never go into `raw`:
 * the inbox keeps raw.
 */

type Json = Record<string, unknown>;

/** What the connector must note or do besides storing the events. */
export interface InboundEffects {
  /** A fresh trigger_id that may open a modal for this user within ~3 s. */
  trigger?: { user: string; triggerId: string };
  /** A response_url to remember under `response/<key>`. */
  response?: { key: string; url: string; user: string };
  /** The form-open button was clicked: open the kept modal with this trigger. */
  openForm?: { formId: string; triggerId: string; user: string };
}

export interface ParsedInbound {
  events: VerifiedEvent[];
  /** The acknowledgement's body (undefined: empty). */
  body?: unknown;
  /** The acknowledgement once the events are stored (a modal submit's field errors). */
  reply?(stored: InboundEvent[]): unknown;
  effects: InboundEffects;
}

const MODAL_ANSWER_MS = 2500;
/** Said on the modal when a submit cannot be taken: already answered, expired, unknown. */
const OUTCOME_MESSAGES: Record<string, string> = {
  used: '이미 제출된 양식입니다',
  expired: '만료된 양식입니다',
  'not-found': '양식을 찾을 수 없습니다',
};

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const nothing = (): ParsedInbound => ({ events: [], effects: {} });

export function parseCommand(conn: string, fields: Json): ParsedInbound {
  const command = str(fields['command']) ?? '';
  const text = str(fields['text']) ?? '';
  const user = str(fields['user_id']) ?? '';
  const triggerId = str(fields['trigger_id']) ?? '';
  const url = str(fields['response_url']);
  const event: VerifiedEvent = {
    id: `slack:command:${triggerId}`,
    type: 'message',
    text: `${command} ${text}`.trim(),
    user,
    replyTo: `${conn}/user/${user}`,
    raw: { command, text, channel_id: str(fields['channel_id']), team_id: str(fields['team_id']) },
  };
  return {
    events: [event],
    effects: {
      ...(triggerId && user ? { trigger: { user, triggerId } } : {}),
      ...(url && triggerId ? { response: { key: triggerId, url, user } } : {}),
    },
  };
}

export function parseInteractive(conn: string, payload: Json): ParsedInbound {
  switch (str(payload['type'])) {
    case 'shortcut':
    case 'message_action':
      return shortcut(conn, payload);
    case 'block_actions':
      return blockActions(conn, payload);
    case 'view_submission':
      return viewSubmission(conn, payload);
    case 'view_closed':
      return viewClosed(conn, payload);
    default:
      return nothing();
  }
}

function who(payload: Json): string {
  return str(obj(payload['user'])['id']) ?? '';
}

function shortcut(conn: string, payload: Json): ParsedInbound {
  const user = who(payload);
  const triggerId = str(payload['trigger_id']) ?? '';
  const channel = str(obj(payload['channel'])['id']);
  const url = str(payload['response_url']);
  const onMessage = payload['type'] === 'message_action' && channel;
  const event: VerifiedEvent = {
    id: `slack:shortcut:${triggerId}`,
    type: 'shortcut',
    data: str(payload['callback_id']) ?? '',
    user,
    replyTo: onMessage ? `${conn}/channel/${channel}` : `${conn}/user/${user}`,
    raw: { callback_id: str(payload['callback_id']), ...(channel ? { channel } : {}) },
  };
  return {
    events: [event],
    effects: {
      ...(triggerId && user ? { trigger: { user, triggerId } } : {}),
      ...(url && triggerId ? { response: { key: triggerId, url, user } } : {}),
    },
  };
}

function blockActions(conn: string, payload: Json): ParsedInbound {
  const user = who(payload);
  const triggerId = str(payload['trigger_id']) ?? '';
  const channel = str(obj(payload['channel'])['id']);
  const viewId = str(obj(payload['view'])['id']);
  const url = str(payload['response_url']);
  const actions = Array.isArray(payload['actions']) ? payload['actions'].map(obj) : [];
  const open = actions.find((a) => a['action_id'] === FORM_OPEN_ACTION);
  if (open) {
    const formId = str(open['value']) ?? '';
    return { events: [], effects: { openForm: { formId, triggerId, user } } };
  }
  const events = actions.map((action, i): VerifiedEvent => {
    const actionId = str(action['action_id']) ?? '';
    const value = str(action['value']) ?? str(obj(action['selected_option'])['value']);
    return {
      id: `slack:action:${triggerId || str(action['action_ts'])}${i > 0 ? `:${i}` : ''}`,
      type: 'action',
      data: value ?? actionId,
      user,
      replyTo: channel ? `${conn}/channel/${channel}` : `${conn}/user/${user}`,
      raw: { action_id: actionId, block_id: str(action['block_id']), channel, view_id: viewId },
    };
  });
  return {
    events,
    effects: {
      ...(triggerId && user ? { trigger: { user, triggerId } } : {}),
      ...(url && triggerId ? { response: { key: triggerId, url, user } } : {}),
    },
  };
}

function viewSubmission(conn: string, payload: Json): ParsedInbound {
  const view = obj(payload['view']);
  if (view['callback_id'] !== FORM_CALLBACK_ID) return nothing();
  const user = who(payload);
  const formId = str(view['private_metadata']) ?? '';
  const blocks = Array.isArray(view['blocks']) ? view['blocks'].map(obj) : [];
  const firstInput = str(blocks.find((b) => b['type'] === 'input')?.['block_id']);
  const event: VerifiedEvent = {
    // Each submit has its own trigger: a corrected resubmit after field errors is a new event.
    id: `slack:view:${str(payload['trigger_id']) ?? str(view['id'])}`,
    type: 'form',
    user,
    replyTo: `${conn}/user/${user}`,
    form: { formId, values: formValues(obj(obj(view['state'])['values'])), answerWithinMs: MODAL_ANSWER_MS },
  };
  return {
    events: [event],
    effects: {},
    reply(stored) {
      const form = stored[0]?.form;
      if (form?.outcome === 'invalid' && form.errors)
        return { response_action: 'errors', errors: form.errors };
      const message = form?.outcome ? OUTCOME_MESSAGES[form.outcome] : undefined;
      if (message && firstInput) return { response_action: 'errors', errors: { [firstInput]: message } };
      // Empty: Slack closes the modal.
      return undefined;
    },
  };
}

function viewClosed(conn: string, payload: Json): ParsedInbound {
  const view = obj(payload['view']);
  if (view['callback_id'] !== FORM_CALLBACK_ID) return nothing();
  const user = who(payload);
  const formId = str(view['private_metadata']) ?? '';
  const event: VerifiedEvent = {
    id: `slack:closed:${str(view['id']) ?? formId}`,
    type: 'form-closed',
    data: formId,
    user,
    replyTo: `${conn}/user/${user}`,
  };
  return { events: [event], effects: {} };
}

export function parseEventsApi(conn: string, body: Json): ParsedInbound {
  if (body['type'] === 'url_verification')
    return { events: [], body: { challenge: str(body['challenge']) ?? '' }, effects: {} };
  if (body['type'] !== 'event_callback') return nothing();
  const event = obj(body['event']);
  const type = str(event['type']);
  // The bot's own posts and edits/joins (subtypes) would loop back or repeat: left out.
  if (
    (type !== 'message' && type !== 'app_mention') ||
    event['subtype'] !== undefined ||
    event['bot_id'] !== undefined
  ) {
    return nothing();
  }
  const text = str(event['text']) ?? '';
  const channel = str(event['channel']) ?? '';
  return {
    events: [
      {
        // Slack retries (X-Slack-Retry-Num) carry the same event_id: the inbox dedupes them.
        id: `slack:event:${str(body['event_id']) ?? str(event['ts'])}`,
        type: 'message',
        text:
          type === 'app_mention'
            ? text
                .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '')
                .replace(/\s+/g, ' ')
                .trim()
            : text,
        user: str(event['user']) ?? '',
        replyTo: `${conn}/channel/${channel}`,
        raw: { type, channel, ts: str(event['ts']), team_id: str(body['team_id']) },
      },
    ],
    effects: {},
  };
}
