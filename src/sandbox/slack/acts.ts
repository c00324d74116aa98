/**
 * Acting as Slack toward the app: slash commands, shortcuts, block actions, view submissions and
 * closes, events, URL verification. Each issues fresh trigger ids / response URLs as Slack would,
 * delivers over HTTP or Socket Mode, and applies the ack the way Slack shows it to the user.
 */
import type { EmulatorContext } from './context.ts';
import type { Deliverer } from './deliver.ts';
import { randomHex } from './ids.ts';
import type { DeliverOptions } from './outbound.ts';
import { commandFields, eventEnvelope, interactiveBase, actionTs as nowTs } from './payloads.ts';
import { applyResponse, issueResponseUrl } from './response-url.ts';
import { channelName, findView } from './state.ts';
import { buildStateValues, type EnteredValues } from './state-values.ts';
import { issueTrigger } from './triggers.ts';
import type { OutboundResult, RecordedView } from './types.ts';
import { applyViewAck, type ViewOutcome } from './view-acks.ts';
import { viewPayload } from './views.ts';

type Obj = Record<string, unknown>;

export interface SlashCommandInput {
  command: string;
  text?: string;
  user: string;
  channel: string;
}

export interface BlockActionInput {
  user: string;
  actionId: string;
  blockId?: string;
  value?: string;
  /** Element type of the action; `button` by default. */
  type?: string;
  /** For an action on a message: its channel and ts (a response_url comes with it). */
  channel?: string;
  messageTs?: string;
  /** For an action inside a modal. */
  viewId?: string;
}

export interface SubmitViewInput {
  viewId: string;
  /** Defaults to the user the view was opened for. */
  user?: string;
  values?: EnteredValues;
}

export interface EventInput {
  type: string;
  user?: string;
  channel?: string;
  text?: string;
  [field: string]: unknown;
}

export type ViewResult = OutboundResult & { outcome: ViewOutcome };

/** What Slack sends to the app. Every method takes `DeliverOptions` (transport, retry marks, forgeries). */
export interface Acts {
  /** Form fields as Slack posts them, with a fresh `trigger_id` and `response_url`; a non-empty ack is shown. */
  slashCommand(input: SlashCommandInput, options?: DeliverOptions): Promise<OutboundResult>;
  globalShortcut(
    input: { callbackId: string; user: string },
    options?: DeliverOptions,
  ): Promise<OutboundResult>;
  messageShortcut(
    input: { callbackId: string; user: string; channel: string; messageTs: string },
    options?: DeliverOptions,
  ): Promise<OutboundResult>;
  blockAction(input: BlockActionInput, options?: DeliverOptions): Promise<OutboundResult>;
  /** `view_submission` with `state.values` built from the stored view; the ack is applied to the view. */
  submitView(input: SubmitViewInput, options?: DeliverOptions): Promise<ViewResult>;
  viewClosed(input: { viewId: string; user?: string }, options?: DeliverOptions): Promise<OutboundResult>;
  /** An `event_callback` envelope; `message` / `app_mention` events are also recorded as the user's message. */
  event(input: EventInput, options?: DeliverOptions): Promise<OutboundResult>;
  /** Always over HTTP; `ok` says whether the challenge came back. */
  urlVerification(options?: DeliverOptions): Promise<OutboundResult & { challenge: string; ok: boolean }>;
}

/** Slack shows a command's non-empty ack body to the user: JSON as a message, text as text. */
function showCommandAck(ctx: EmulatorContext, input: SlashCommandInput, result: OutboundResult): void {
  if (result.status !== 200 || !result.body.trim()) return;
  const target = { user: input.user, channel: input.channel };
  const json = result.json as Obj | undefined;
  const body = json && typeof json === 'object' && !Array.isArray(json) ? json : { text: result.body };
  applyResponse(ctx, target, body, 'ack');
}

export function createActs(ctx: EmulatorContext, deliverer: Deliverer): Acts {
  const send = (kind: Parameters<Deliverer['send']>[0], payload: Obj, options?: DeliverOptions) =>
    deliverer.send(kind, payload, options);

  async function slashCommand(input: SlashCommandInput, options?: DeliverOptions) {
    const fields = commandFields(ctx, {
      command: input.command,
      text: input.text ?? '',
      user: input.user,
      channel: input.channel,
      responseUrl: issueResponseUrl(ctx, input.user, input.channel),
      triggerId: issueTrigger(ctx, input.user),
    });
    const result = await send('command', fields, options);
    showCommandAck(ctx, input, result);
    return result;
  }

  function globalShortcut(input: { callbackId: string; user: string }, options?: DeliverOptions) {
    const payload = {
      ...interactiveBase(ctx, 'shortcut', input.user),
      callback_id: input.callbackId,
      trigger_id: issueTrigger(ctx, input.user),
      action_ts: nowTs(ctx),
    };
    return send('interactive', payload, options);
  }

  function messageShortcut(
    input: { callbackId: string; user: string; channel: string; messageTs: string },
    options?: DeliverOptions,
  ) {
    const message = ctx.state.messages.find((m) => m.channel === input.channel && m.ts === input.messageTs);
    const payload = {
      ...interactiveBase(ctx, 'message_action', input.user),
      callback_id: input.callbackId,
      trigger_id: issueTrigger(ctx, input.user),
      action_ts: nowTs(ctx),
      message_ts: input.messageTs,
      channel: { id: input.channel, name: channelName(ctx.state, input.channel) },
      message: { type: 'message', ts: input.messageTs, text: message?.text ?? '', user: message?.author },
      response_url: issueResponseUrl(ctx, input.user, input.channel, input.messageTs),
    };
    return send('interactive', payload, options);
  }

  function blockAction(input: BlockActionInput, options?: DeliverOptions) {
    const action = {
      type: input.type ?? 'button',
      action_id: input.actionId,
      block_id: input.blockId ?? randomHex(3),
      action_ts: nowTs(ctx),
      ...(input.value !== undefined ? { value: input.value } : {}),
    };
    const payload: Obj = {
      ...interactiveBase(ctx, 'block_actions', input.user),
      trigger_id: issueTrigger(ctx, input.user),
      actions: [action],
    };
    const view = input.viewId ? findView(ctx.state, input.viewId) : undefined;
    if (view) {
      payload['container'] = { type: 'view', view_id: view.id };
      payload['view'] = viewPayload(ctx, view);
    } else if (input.channel) {
      const message = ctx.state.messages.find((m) => m.channel === input.channel && m.ts === input.messageTs);
      payload['container'] = {
        type: 'message',
        message_ts: input.messageTs,
        channel_id: input.channel,
        is_ephemeral: message?.ephemeral ?? false,
      };
      payload['channel'] = { id: input.channel, name: channelName(ctx.state, input.channel) };
      if (message)
        payload['message'] = {
          type: 'message',
          ts: message.ts,
          text: message.text ?? '',
          blocks: message.blocks,
        };
      payload['response_url'] = issueResponseUrl(ctx, input.user, input.channel, input.messageTs);
    }
    return send('interactive', payload, options);
  }

  function viewPayloadWithState(view: RecordedView, values: EnteredValues | undefined): Obj {
    if (values) view.values = buildStateValues(view.view, values);
    else if (Object.keys(view.values).length === 0) view.values = buildStateValues(view.view, {});
    return viewPayload(ctx, view);
  }

  async function submitView(input: SubmitViewInput, options?: DeliverOptions): Promise<ViewResult> {
    const view = findView(ctx.state, input.viewId);
    if (!view?.open) throw new Error(`view ${input.viewId} is not open`);
    const user = input.user ?? view.user;
    const payload = {
      ...interactiveBase(ctx, 'view_submission', user),
      trigger_id: issueTrigger(ctx, user),
      view: viewPayloadWithState(view, input.values),
      response_urls: [],
    };
    const result = await send('interactive', payload, options);
    return { ...result, outcome: applyViewAck(ctx, view, result) };
  }

  async function viewClosed(input: { viewId: string; user?: string }, options?: DeliverOptions) {
    const view = findView(ctx.state, input.viewId);
    if (!view) throw new Error(`no view ${input.viewId}`);
    view.open = false;
    const payload = {
      ...interactiveBase(ctx, 'view_closed', input.user ?? view.user),
      view: viewPayload(ctx, view),
      is_cleared: false,
    };
    return send('interactive', payload, options);
  }

  function event(input: EventInput, options?: DeliverOptions) {
    const ts = ctx.state.nextTs();
    const { type, user, channel, text, ...rest } = input;
    const inner: Obj = {
      type,
      ...(user ? { user } : {}),
      ...(text !== undefined ? { text } : {}),
      ts,
      ...rest,
    };
    if (channel) {
      inner['channel'] = channel;
      inner['channel_type'] = channel.startsWith('D') ? 'im' : 'channel';
      inner['event_ts'] = ts;
      if ((type === 'message' || type === 'app_mention') && user) {
        ctx.state.messages.push({
          channel,
          ts,
          author: user,
          ephemeral: false,
          text: text ?? '',
          via: 'user',
        });
      }
    }
    return send('event', eventEnvelope(ctx, inner), options);
  }

  /** The handshake when a Request URL is saved; `ok` says whether the challenge came back. */
  async function urlVerification(options?: DeliverOptions) {
    const challenge = randomHex(24);
    const result = await postUrlVerification(challenge, options);
    const json = result.json as { challenge?: unknown } | undefined;
    const form = new URLSearchParams(result.body).get('challenge');
    const ok =
      result.status === 200 &&
      (result.body === challenge || json?.challenge === challenge || form === challenge);
    return { ...result, challenge, ok };
  }

  function postUrlVerification(challenge: string, options?: DeliverOptions) {
    const payload = { token: 'sandboxVerificationToken', challenge, type: 'url_verification' };
    return send('event', payload, { ...options, transport: 'http' });
  }

  return {
    slashCommand,
    globalShortcut,
    messageShortcut,
    blockAction,
    submitView,
    viewClosed,
    event,
    urlVerification,
  };
}
