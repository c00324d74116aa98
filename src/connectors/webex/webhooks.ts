import { createHash } from 'node:crypto';
import type { Logger } from '../../platform/log.ts';
import type { ConnectorStateRepo } from '../../platform/store/types.ts';
import { nextPage, type WebexApi } from './api.ts';

/**
 * Keeps this connection's Webex webhooks as wanted, touching nothing else: ours are the ones named
 * `opsbot:<connection>:<resource>`. Missing ones are created, a changed targetUrl or secret (or an
 * inactive hook) is fixed with one PUT, own hooks no longer wanted are deleted. When everything is
 * as wanted, only the list is read.
 */

export const WANTED = [
  { resource: 'messages', event: 'created' },
  { resource: 'attachmentActions', event: 'created' },
] as const;

export interface WebexWebhook {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  status?: string;
}

export interface SyncPlan {
  targetUrl: string;
  secret: string;
}

export interface SyncResult {
  created: number;
  updated: number;
  deleted: number;
}

const MAX_PAGES = 50;

export const hookName = (connection: string, resource: string) => `opsbot:${connection}:${resource}`;

/** Webex may not echo a hook's secret: what we set is remembered as a hash, per hook id. */
const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class WebhookSync {
  private readonly api: WebexApi;
  private readonly state: ConnectorStateRepo;
  private readonly connection: string;
  private readonly log: Logger;

  constructor(init: { api: WebexApi; state: ConnectorStateRepo; connection: string; log: Logger }) {
    this.api = init.api;
    this.state = init.state;
    this.connection = init.connection;
    this.log = init.log;
  }

  async list(): Promise<WebexWebhook[]> {
    const hooks: WebexWebhook[] = [];
    const origin = new URL(this.api.apiUrl).origin;
    let path: string | undefined = '/webhooks?max=100';
    for (let page = 0; path && page < MAX_PAGES; page++) {
      const answer: { headers: Headers; body: { items?: unknown } } = await this.api.call({
        method: 'GET',
        path,
      });
      if (Array.isArray(answer.body.items)) hooks.push(...(answer.body.items as WebexWebhook[]));
      const next = nextPage(answer.headers);
      // The bearer token follows a next link only to the API's own origin.
      path =
        next && new URL(next, this.api.apiUrl).origin === origin
          ? new URL(next, this.api.apiUrl).href
          : undefined;
    }
    return hooks;
  }

  async sync(plan: SyncPlan): Promise<SyncResult> {
    const result: SyncResult = { created: 0, updated: 0, deleted: 0 };
    const prefix = `opsbot:${this.connection}:`;
    const own = (await this.list()).filter((h) => typeof h.name === 'string' && h.name.startsWith(prefix));
    const keep = new Set<string>();
    for (const wanted of WANTED) {
      const name = hookName(this.connection, wanted.resource);
      const match = own.find(
        (h) => h.name === name && h.resource === wanted.resource && h.event === wanted.event && !h.filter,
      );
      if (!match) {
        const { body } = await this.api.call<{ id?: string }>({
          method: 'POST',
          path: '/webhooks',
          json: {
            name,
            targetUrl: plan.targetUrl,
            resource: wanted.resource,
            event: wanted.event,
            secret: plan.secret,
          },
        });
        if (body.id) {
          keep.add(body.id);
          await this.state.set(`hook/${body.id}`, secretHash(plan.secret));
        }
        result.created++;
        continue;
      }
      keep.add(match.id);
      if (await this.needsUpdate(match, plan)) {
        await this.api.call({
          method: 'PUT',
          path: `/webhooks/${encodeURIComponent(match.id)}`,
          json: { name, targetUrl: plan.targetUrl, secret: plan.secret, status: 'active' },
        });
        await this.state.set(`hook/${match.id}`, secretHash(plan.secret));
        result.updated++;
      }
    }
    for (const stale of own.filter((h) => !keep.has(h.id))) {
      await this.api.call({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(stale.id)}` });
      await this.state.delete(`hook/${stale.id}`);
      result.deleted++;
    }
    this.log.info({ connection: this.connection, ...result }, 'webex webhooks in place');
    return result;
  }

  private async needsUpdate(hook: WebexWebhook, plan: SyncPlan): Promise<boolean> {
    if (hook.targetUrl !== plan.targetUrl || hook.status === 'inactive') return true;
    if (typeof hook.secret === 'string') return hook.secret !== plan.secret;
    return (await this.state.get<string>(`hook/${hook.id}`)) !== secretHash(plan.secret);
  }
}
