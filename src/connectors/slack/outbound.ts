import type { WebClient } from '@slack/web-api';
import type { FormDelivery } from '../../contracts/forms.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Redactor } from '../../platform/redact.ts';
import type { ConnectorStateRepo } from '../../platform/store/types.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { deliveryErrorFor } from '../kit/http-status.ts';
import type { OutboundPayload } from '../types.ts';
import { parseDestination, type SlackDestination } from './destination.ts';
import { deliveryErrorOf, platformError } from './errors.ts';
import { renderModal, renderOpenButton, renderPageButton } from './modal.ts';
import type { SlackBody } from './native.ts';
import { renderMessage } from './render.ts';
import type { ResponseUrls } from './responses.ts';
import type { TriggerMemory } from './triggers.ts';

/** Errors of views.open that mean "this trigger can no longer open anything": fall back to a button. */
const DEAD_TRIGGER = new Set([
  'expired_trigger_id',
  'exchanged_trigger_id',
  'invalid_arguments',
  'invalid_trigger_id',
]);
const RESPONSE_TIMEOUT_MS = 10_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface OutboundDeps {
  web: WebClient;
  state: ConnectorStateRepo;
  clock: Clock;
  redactor: Redactor;
  triggers: TriggerMemory;
  responses: ResponseUrls;
}

interface KeptView {
  view: Record<string, unknown>;
  expiresAt: number;
}

/** Messages and forms out: the destination decides the Web API call. */
export class SlackOutbound {
  private readonly d: OutboundDeps;
  readonly web: WebClient;
  /** user id → DM channel id; conversations.open answers the same id every time. */
  private readonly dms = new Map<string, string>();
  private prunedAt = 0;

  constructor(deps: OutboundDeps) {
    this.d = deps;
    this.web = deps.web;
  }

  async send(destination: string, payload: OutboundPayload<SlackBody>): Promise<void> {
    const to = parseDestination(destination);
    if (payload.kind === 'form') return this.sendForm(to, payload.form);
    const body = payload.kind === 'portable' ? renderMessage(payload.message) : payload.body;
    await this.post(to, body);
  }

  /** Posts a message; answers the channel and ts where Slack gives them. */
  async post(to: SlackDestination, body: SlackBody): Promise<{ channel?: string; ts?: string }> {
    const { channel: _c, ...message } = body as SlackBody & { channel?: unknown };
    try {
      if (to.kind === 'response') return await this.postResponse(to.key, message);
      if (to.kind === 'ephemeral') {
        await this.d.web.chat.postEphemeral({ ...message, channel: to.channel, user: to.user } as never);
        return { channel: to.channel };
      }
      const channel = to.kind === 'channel' ? to.channel : await this.dmChannel(to.user);
      const answer = await this.d.web.chat.postMessage({ ...message, channel } as never);
      return { channel: answer.channel ?? channel, ...(answer.ts ? { ts: answer.ts } : {}) };
    } catch (err) {
      throw deliveryErrorOf(err, `chat ${to.kind}`, this.d.redactor);
    }
  }

  async dmChannel(user: string): Promise<string> {
    const known = this.dms.get(user);
    if (known) return known;
    const answer = await this.d.web.conversations.open({ users: user });
    const id = answer.channel?.id;
    if (!id) throw new DeliveryError('slack conversations.open gave no channel', { retryable: true });
    this.dms.set(user, id);
    return id;
  }

  private async postResponse(key: string, message: SlackBody): Promise<{ channel?: string }> {
    const found = await this.d.responses.use(key);
    if (!found)
      throw new DeliveryError(`slack: no response_url was received for "${key}"`, { retryable: false });
    if (!found.url) return this.post({ kind: 'user', user: found.user }, message);
    // The URL itself never goes into an error: only the status and Slack's answer do.
    let answer: Response;
    try {
      answer = await fetch(found.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        redirect: 'error',
        signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new DeliveryError(this.d.redactor.redact(`slack response_url: ${why}`), { retryable: true });
    }
    const text = await answer.text().catch(() => '');
    if (!answer.ok) {
      const message = this.d.redactor.redact(
        `slack response_url answered ${answer.status}: ${text.slice(0, 200)}`,
      );
      throw deliveryErrorFor(answer, message, this.d.clock.now());
    }
    return {};
  }

  /**
   * A form: a modal when the person who asked has a fresh trigger, else a button that opens it
   * (or, when the app asked for the signed page, a button to that page).
   */
  private async sendForm(to: SlackDestination, delivery: FormDelivery): Promise<void> {
    if (delivery.url) {
      await this.post(to, renderPageButton({ ...delivery, url: delivery.url }));
      return;
    }
    const view = renderModal(delivery);
    const trigger = this.d.triggers.take(delivery.user);
    if (trigger && (await this.openView(trigger, view))) return;
    const kept: KeptView = { view, expiresAt: delivery.expiresAt };
    await this.pruneKept();
    await this.d.state.set(`form/${delivery.formId}`, kept);
    await this.post(to, renderOpenButton(delivery));
  }

  /** views.open; false when the trigger was no good (too old, used), other failures throw. */
  private async openView(triggerId: string, view: Record<string, unknown>): Promise<boolean> {
    try {
      await this.d.web.views.open({ trigger_id: triggerId, view } as never);
      return true;
    } catch (err) {
      if (DEAD_TRIGGER.has(platformError(err) ?? '')) return false;
      throw deliveryErrorOf(err, 'views.open', this.d.redactor);
    }
  }

  /** Drops kept views of expired forms, at most once an hour: nothing could open them any more. */
  private async pruneKept(): Promise<void> {
    const now = this.d.clock.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    for (const { key, value } of await this.d.state.list('form/')) {
      if ((value as KeptView).expiresAt <= now) await this.d.state.delete(key);
    }
  }

  /** The form-open button was clicked: the kept view, opened with the click's trigger. */
  async openKept(formId: string, triggerId: string): Promise<'opened' | 'unknown' | 'expired'> {
    const kept = await this.d.state.get<KeptView>(`form/${formId}`);
    if (!kept) return 'unknown';
    if (kept.expiresAt <= this.d.clock.now()) {
      await this.d.state.delete(`form/${formId}`);
      return 'expired';
    }
    if (!(await this.openView(triggerId, kept.view))) {
      throw new DeliveryError('slack views.open: the trigger expired before the modal opened', {
        retryable: false,
      });
    }
    return 'opened';
  }
}
