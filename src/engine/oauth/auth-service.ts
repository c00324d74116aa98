import type { AuthStatus, Connector, ConnectorAuth } from '../../connectors/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { OpsbotError, usageError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { createState } from './states.ts';

/** The target that hears about tokens running out, when opsbot.yaml defines it. */
export const ADMIN_TARGET = 'admin';
const NAMESPACE = '_oauth';

export interface AuthServiceDeps {
  connectors: Map<string, Connector>;
  store: Store;
  clock: Clock;
  outbox: Pick<Outbox, 'enqueue'>;
  /** Named targets of the config: a warning goes to `admin` when it exists. */
  targets: Record<string, unknown>;
  log?: Logger;
}

/** `opsbot auth …` and the control socket's auth.* commands: one implementation for both. */
export class AuthService {
  private readonly deps: AuthServiceDeps;

  constructor(deps: AuthServiceDeps) {
    this.deps = deps;
  }

  /** Connections whose connector manages OAuth tokens. */
  names(): string[] {
    return [...this.deps.connectors.values()].filter((c) => c.auth).map((c) => c.name);
  }

  private auth(connection: string): ConnectorAuth {
    const connector = this.deps.connectors.get(connection);
    if (!connector) throw usageError(`no connection named "${connection}"`);
    if (!connector.auth) {
      throw usageError(`connection "${connection}" (${connector.type}) has no OAuth tokens to manage`);
    }
    return connector.auth;
  }

  async status(connection?: string): Promise<AuthStatus[]> {
    const names = connection ? [connection] : this.names();
    return Promise.all(names.map((name) => this.auth(name).status()));
  }

  refresh(connection: string): Promise<AuthStatus> {
    return this.auth(connection).refresh();
  }

  exchange(connection: string, code: string): Promise<AuthStatus> {
    if (!code.trim()) throw usageError('the code is empty');
    return this.auth(connection).exchangeCode(code.trim());
  }

  /** A consent URL with a fresh single-use state, stored so the gateway can check it on the way back. */
  async loginUrl(connection: string): Promise<{ url: string; state: string }> {
    const auth = this.auth(connection);
    const state = await createState(this.deps.store, connection, this.deps.clock.now());
    try {
      return { url: auth.authorizeUrl(state), state };
    } catch (err) {
      throw new OpsbotError('AUTH', (err as Error).message, { cause: err });
    }
  }

  /**
   * Tells the admin target about tokens that need a person, at most once a day per connection and
   * state. Returns the connections it warned about (none when no admin target is configured).
   */
  async warn(statuses: AuthStatus[], detail?: (s: AuthStatus) => string): Promise<string[]> {
    const { store, clock, outbox, targets, log } = this.deps;
    if (!(ADMIN_TARGET in targets)) return [];
    const day = new Date(clock.now()).toISOString().slice(0, 10);
    const warned: string[] = [];
    for (const s of statuses) {
      if (s.state === 'ok') continue;
      const key = `warned:${s.connection}:${s.state}:${day}`;
      if (await store.kv.get(NAMESPACE, key)) continue;
      await outbox.enqueue({
        app: null,
        target: ADMIN_TARGET,
        kind: 'portable',
        payload: {
          title: `${s.connection}: ${s.state === 'expiring' ? 'refresh token expiring' : `token ${s.state}`}`,
          text: detail?.(s) ?? s.warning ?? s.state,
          severity: s.state === 'expiring' ? 'warning' : 'error',
          fields: [
            { name: 'connection', value: s.connection, inline: true },
            { name: 'flow', value: s.flow, inline: true },
          ],
        },
      });
      await store.kv.set(NAMESPACE, key, { at: clock.now() });
      log?.warn({ connection: s.connection, state: s.state }, 'token warning sent to the admin target');
      warned.push(s.connection);
    }
    return warned;
  }
}
