/** `/v1/webhooks` CRUD; every call is logged in `state.webhookCalls`. */
import type { EmulatorContext } from './context.ts';
import { isoNow } from './context.ts';
import type { Deliverer } from './deliver.ts';
import { WebexError } from './http.ts';
import { webexId } from './ids.ts';
import type { ApiAnswer, ApiRequest, Route } from './rest.ts';
import type { Webhook, WebhookCallKind } from './types.ts';

export const RESOURCES = [
  'all',
  'attachmentActions',
  'memberships',
  'messages',
  'rooms',
  'meetings',
  'recordings',
  'meetingParticipants',
  'meetingTranscripts',
  'telephony_calls',
];
export const EVENTS = [
  'all',
  'created',
  'updated',
  'deleted',
  'started',
  'ended',
  'joined',
  'left',
  'migrated',
];

function requireString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || !value) throw new WebexError(400, `${key} is required`);
  return value;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new WebexError(400, `${key} must be a string`);
  return value;
}

function checkTargetUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new WebexError(400, `targetUrl must be an http(s) URL, not "${url}"`);
}

function view(hook: Webhook): Record<string, unknown> {
  return { ...hook };
}

function find(ctx: EmulatorContext, id: string): Webhook {
  const hook = ctx.state.webhooks.find((w) => w.id === id);
  if (!hook) throw new WebexError(404, 'The requested resource could not be found.');
  return hook;
}

function logged(
  ctx: EmulatorContext,
  kind: WebhookCallKind,
  run: (req: ApiRequest) => ApiAnswer & { id?: string },
): (req: ApiRequest) => ApiAnswer {
  return (req) => {
    const body = kind === 'create' || kind === 'update' ? safeJson(req) : undefined;
    const id = req.params['id'];
    try {
      const answer = run(req);
      ctx.state.webhookCalls.push({
        kind,
        ...((id ?? answer.id) ? { id: id ?? answer.id } : {}),
        ...(body ? { body } : {}),
        status: answer.status,
        at: ctx.clock(),
      });
      return answer;
    } catch (err) {
      const status = err instanceof WebexError ? err.status : 500;
      ctx.state.webhookCalls.push({
        kind,
        ...(id ? { id } : {}),
        ...(body ? { body } : {}),
        status,
        at: ctx.clock(),
      });
      throw err;
    }
  };
}

function safeJson(req: ApiRequest): Record<string, unknown> | undefined {
  try {
    return req.json();
  } catch {
    return undefined;
  }
}

export function webhookRoutes(ctx: EmulatorContext, deliverer: Deliverer): Route[] {
  const { state } = ctx;
  return [
    {
      method: 'GET',
      pattern: '/webhooks',
      handler: logged(ctx, 'list', () => ({ status: 200, body: { items: state.webhooks.map(view) } })),
    },
    {
      method: 'POST',
      pattern: '/webhooks',
      handler: logged(ctx, 'create', (req) => {
        const body = req.json();
        const name = requireString(body, 'name');
        const targetUrl = checkTargetUrl(requireString(body, 'targetUrl'));
        const resource = requireString(body, 'resource');
        const event = requireString(body, 'event');
        if (!RESOURCES.includes(resource))
          throw new WebexError(400, `resource "${resource}" is not supported`);
        if (!EVENTS.includes(event)) throw new WebexError(400, `event "${event}" is not supported`);
        const filter = optionalString(body, 'filter');
        const secret = optionalString(body, 'secret');
        const hook: Webhook = {
          id: webexId('WEBHOOK'),
          name,
          targetUrl,
          resource,
          event,
          ...(filter ? { filter } : {}),
          ...(secret ? { secret } : {}),
          status: 'active',
          created: isoNow(ctx),
          orgId: state.orgId,
          createdBy: state.bot.id,
          appId: state.appId,
          ownedBy: optionalString(body, 'ownedBy') ?? 'creator',
        };
        state.webhooks.push(hook);
        return { status: 200, body: view(hook), id: hook.id };
      }),
    },
    {
      method: 'GET',
      pattern: '/webhooks/{id}',
      handler: logged(ctx, 'get', (req) => ({ status: 200, body: view(find(ctx, req.params['id']!)) })),
    },
    {
      method: 'PUT',
      pattern: '/webhooks/{id}',
      handler: logged(ctx, 'update', (req) => {
        const hook = find(ctx, req.params['id']!);
        const body = req.json();
        const name = requireString(body, 'name');
        const targetUrl = checkTargetUrl(requireString(body, 'targetUrl'));
        const status = optionalString(body, 'status');
        if (status !== undefined && status !== 'active' && status !== 'inactive') {
          throw new WebexError(400, `status must be "active" or "inactive", not "${status}"`);
        }
        const secret = optionalString(body, 'secret');
        hook.name = name;
        hook.targetUrl = targetUrl;
        if (secret !== undefined) hook.secret = secret;
        if (status === 'active' && hook.status !== 'active') deliverer.reset(hook.id);
        if (status) hook.status = status;
        return { status: 200, body: view(hook) };
      }),
    },
    {
      method: 'DELETE',
      pattern: '/webhooks/{id}',
      handler: logged(ctx, 'delete', (req) => {
        const hook = find(ctx, req.params['id']!);
        state.webhooks = state.webhooks.filter((w) => w !== hook);
        return { status: 204 };
      }),
    },
  ];
}
