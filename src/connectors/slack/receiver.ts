import type { Clock } from '../../platform/clock.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { InboundRequest, WebhookAnswer, WebhookReceiver } from '../types.ts';
import {
  type InboundEffects,
  type ParsedInbound,
  parseCommand,
  parseEventsApi,
  parseInteractive,
} from './inbound.ts';
import type { SlackOutbound } from './outbound.ts';
import type { ResponseUrls } from './responses.ts';
import type { TriggerMemory } from './triggers.ts';
import { header, signatureProblem } from './verify.ts';

export interface InboundDeps {
  connection: string;
  signingSecret: string;
  clock: Clock;
  log: Logger;
  triggers: TriggerMemory;
  responses: ResponseUrls;
  outbound: SlackOutbound;
}

type Json = Record<string, unknown>;

/** Does what an inbound request asks of the connector itself: note triggers and response URLs, open a kept form. */
export async function applyEffects(deps: InboundDeps, effects: InboundEffects): Promise<void> {
  if (effects.trigger) deps.triggers.note(effects.trigger.user, effects.trigger.triggerId);
  if (effects.response) {
    const { key, url, user } = effects.response;
    await deps.responses
      .remember(key, url, user)
      .catch((err) =>
        deps.log.warn({ connection: deps.connection, err: errorMessage(err) }, 'slack response_url not kept'),
      );
  }
  const open = effects.openForm;
  if (open) {
    // After the acknowledgement: the click's trigger is good for 3 s, the ack must not wait for Slack.
    setImmediate(() => {
      deps.outbound.openKept(open.formId, open.triggerId).then(
        (result) => {
          if (result !== 'opened') {
            deps.log.warn(
              { connection: deps.connection, formId: open.formId, result },
              'slack form button: nothing to open',
            );
          }
        },
        (err) =>
          deps.log.error(
            { connection: deps.connection, formId: open.formId, err: errorMessage(err) },
            'slack form did not open',
          ),
      );
    });
  }
}

/** The acknowledgement body for a parsed request, given the events as stored. */
export function ackBody(
  parsed: ParsedInbound,
  stored: Parameters<NonNullable<ParsedInbound['reply']>>[0],
): unknown {
  return parsed.reply ? parsed.reply(stored) : parsed.body;
}

const refused = (status: number, reason: string): WebhookAnswer => ({
  status,
  body: { error: reason },
  events: [],
});

/** POST /hooks/<connection>: signed commands, interactivity payloads and Events API bodies. */
export function webhookReceiver(deps: InboundDeps): WebhookReceiver {
  return {
    mode: 'webhook',
    async handle(request: InboundRequest): Promise<WebhookAnswer> {
      const type = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      const form =
        type === 'application/x-www-form-urlencoded'
          ? new URLSearchParams(request.rawBody.toString('utf8'))
          : undefined;
      // Slack's certificate check carries no signature; it only wants a 200.
      if (form?.get('ssl_check') === '1') return { status: 200, body: undefined, events: [] };
      const problem = signatureProblem(deps.signingSecret, request, deps.clock.now());
      if (problem) return refused(401, problem);
      const parsed = parseRequest(deps.connection, form, request.rawBody);
      if (!parsed) return refused(400, 'not a Slack request body');
      await applyEffects(deps, parsed.effects);
      const reply = parsed.reply;
      return {
        status: 200,
        body: parsed.body,
        events: parsed.events,
        ...(reply ? { reply: (stored) => ({ status: 200, body: reply(stored) }) } : {}),
      };
    },
  };
}

function parseRequest(
  conn: string,
  form: URLSearchParams | undefined,
  raw: Buffer,
): ParsedInbound | undefined {
  try {
    if (form) {
      const payload = form.get('payload');
      if (payload !== null) return parseInteractive(conn, JSON.parse(payload) as Json);
      if (form.has('command')) return parseCommand(conn, Object.fromEntries(form));
      return undefined;
    }
    const body = JSON.parse(raw.toString('utf8')) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
    return parseEventsApi(conn, body as Json);
  } catch {
    return undefined;
  }
}
