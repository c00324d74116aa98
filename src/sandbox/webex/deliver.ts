/**
 * Webex → app: POST the webhook envelope as compact JSON to `targetUrl`, signed with
 * `X-Spark-Signature` when the webhook has a secret. Records every delivery and turns a webhook
 * `inactive` after `disableAfter` consecutive failures (the real rule is UNCONFIRMED; see docs).
 */
import type { EmulatorContext } from './context.ts';
import { matchingWebhooks } from './filters.ts';
import { webexSignature } from './signing.ts';
import type { DeliverOptions, Delivery, Webhook } from './types.ts';

export interface Deliverer {
  /** Delivers `resource:event` to every matching active webhook; resolves when all answered. */
  emit(
    resource: string,
    event: string,
    data: Record<string, unknown>,
    actorId: string,
    options?: DeliverOptions,
  ): Promise<Delivery[]>;
  /** Resolves once deliveries started so far (e.g. for the bot's own messages) are done. */
  settled(): Promise<void>;
  /** Forgets a webhook's failure count (on `PUT … status: active`). */
  reset(webhookId: string): void;
}

export function envelope(
  ctx: EmulatorContext,
  hook: Webhook,
  data: Record<string, unknown>,
  actorId: string,
): Record<string, unknown> {
  return {
    id: hook.id,
    name: hook.name,
    targetUrl: hook.targetUrl,
    resource: hook.resource,
    event: hook.event,
    ...(hook.filter ? { filter: hook.filter } : {}),
    orgId: ctx.state.orgId,
    createdBy: hook.createdBy,
    appId: hook.appId,
    ownedBy: hook.ownedBy,
    status: hook.status,
    created: hook.created,
    actorId,
    data,
  };
}

function signedRequest(hook: Webhook, value: Record<string, unknown>, options: DeliverOptions) {
  const compact = JSON.stringify(value);
  const body = options.forge === 'reserialized' ? JSON.stringify(value, null, 2) : compact;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (options.forge === 'wrong-secret') {
    headers['x-spark-signature'] = webexSignature(`${hook.secret ?? ''}-not-the-secret`, compact);
  } else if (hook.secret && options.forge !== 'no-signature') {
    // Signed over the compact bytes even when `reserialized` sends them pretty-printed.
    headers['x-spark-signature'] = webexSignature(hook.secret, compact);
  }
  return { body, headers };
}

export function createDeliverer(ctx: EmulatorContext): Deliverer {
  const failures = new Map<string, number>();
  const pending = new Set<Promise<unknown>>();

  async function post(hook: Webhook, body: string, headers: Record<string, string>): Promise<Delivery> {
    const base = {
      webhookId: hook.id,
      resource: hook.resource,
      event: hook.event,
      targetUrl: hook.targetUrl,
      body,
      headers,
      at: ctx.clock(),
    };
    let delivery: Delivery;
    try {
      const res = await fetch(hook.targetUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(ctx.deliveryTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      delivery = { ...base, status: res.status, ok: res.status >= 200 && res.status < 300 };
    } catch (err) {
      delivery = { ...base, status: 0, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    ctx.state.deliveries.push(delivery);
    const count = delivery.ok ? 0 : (failures.get(hook.id) ?? 0) + 1;
    failures.set(hook.id, count);
    if (count >= ctx.disableAfter) hook.status = 'inactive';
    return delivery;
  }

  async function deliverOne(
    hook: Webhook,
    data: Record<string, unknown>,
    actorId: string,
    options: DeliverOptions,
  ): Promise<Delivery[]> {
    const { body, headers } = signedRequest(hook, envelope(ctx, hook, data, actorId), options);
    const first = await post(hook, body, headers);
    return options.retry ? [first, await post(hook, body, headers)] : [first];
  }

  return {
    emit(resource, event, data, actorId, options = {}) {
      const hooks = matchingWebhooks(ctx, resource, event, data);
      const work = Promise.all(hooks.map((h) => deliverOne(h, data, actorId, options))).then((all) =>
        all.flat(),
      );
      pending.add(work);
      void work.finally(() => pending.delete(work));
      return work;
    },
    reset(webhookId) {
      failures.delete(webhookId);
    },
    async settled() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
