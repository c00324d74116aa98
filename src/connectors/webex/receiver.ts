import type { InboundEvent } from '../../contracts/inbound.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { InboundRequest, WebhookAnswer, WebhookReceiver } from '../types.ts';
import { type EnvelopeDeps, eventsOf } from './inbound.ts';
import type { WebexOutbound } from './outbound.ts';
import { escapeMarkdown } from './render.ts';
import type { WebhookSecret } from './secret.ts';
import { signatureProblem } from './verify.ts';

export interface ReceiverDeps extends EnvelopeDeps {
  secret: WebhookSecret;
  outbound: WebexOutbound;
  log: Logger;
}

/** Said in the room when a card submit cannot be taken (Webex cannot show errors on the card). */
export const OUTCOME_MESSAGES: Record<string, string> = {
  invalid: '입력한 값을 확인해 주세요.',
  used: '이미 제출된 양식입니다.',
  expired: '만료된 양식입니다. 새 양식을 요청해 주세요.',
  'not-found': '양식을 찾을 수 없습니다.',
};

const refused = (status: number, reason: string): WebhookAnswer => ({
  status,
  body: { error: reason },
  events: [],
});

/**
 * POST /hooks/<connection>. The text is not in the envelope, so handle() reads it back (one GET
 * with a 5 s cap) before answering: the events must be stored before the 200, and a failed read is
 * a 503 so that a sender that retries does, rather than a 200 for a message nobody stored.
 */
export function webhookReceiver(deps: ReceiverDeps): WebhookReceiver {
  return {
    mode: 'webhook',
    async handle(request: InboundRequest): Promise<WebhookAnswer> {
      const secret = await deps.secret.current();
      if (!secret) return refused(401, 'no webhook secret yet (setup has not run)');
      const problem = signatureProblem(secret, request);
      if (problem) return refused(401, problem);
      let envelope: Record<string, unknown>;
      try {
        const parsed = JSON.parse(request.rawBody.toString('utf8')) as unknown;
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
          return refused(400, 'not a Webex webhook body');
        envelope = parsed as Record<string, unknown>;
      } catch {
        return refused(400, 'not a Webex webhook body');
      }
      try {
        return { status: 200, body: { ok: true }, events: await eventsOf(deps, envelope) };
      } catch (err) {
        deps.log.warn(
          { connection: deps.connection, err: errorMessage(err) },
          'webex event could not be read back',
        );
        return refused(503, 'the event could not be read back from Webex');
      }
    },
    async received(event: InboundEvent): Promise<void> {
      const outcome = event.form?.outcome;
      if (event.type !== 'form' || !outcome || outcome === 'accepted') return;
      const roomId = event.replyTo.split('/room/')[1];
      if (!roomId) return;
      const errors = Object.entries(event.form?.errors ?? {});
      const head = OUTCOME_MESSAGES[outcome] ?? OUTCOME_MESSAGES['invalid'] ?? '';
      const text = [head, ...errors.map(([field, message]) => `- ${field}: ${message}`)].join('\n');
      const markdown = [
        head,
        ...errors.map(([field, message]) => `- **${escapeMarkdown(field)}**: ${escapeMarkdown(message)}`),
      ].join('\n');
      await deps.outbound.post({ kind: 'room', roomId }, { markdown, text });
    },
  };
}
