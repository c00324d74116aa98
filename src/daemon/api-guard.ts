import { type Actor, roleAllows } from '../contracts/console.ts';
import {
  type ControlMethod,
  changes,
  controlApi,
  type Dispatch,
  METHOD_ROLES,
  publicArgs,
  unknownMethod,
} from '../contracts/daemon-api/index.ts';
import { errorMessage, OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { AuditRow } from '../platform/store/console-types.ts';
import type { Store } from '../platform/store/types.ts';

export interface GuardOptions {
  store: Store;
  log: Logger;
  now: () => number;
}

/** What a call acted on, for the audit log's filter and display. */
export function auditTarget(args: unknown): string | null {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return null;
  const a = args as Record<string, unknown>;
  if (typeof a.exchange === 'string' && typeof a.date === 'string') return `${a.exchange} ${a.date}`;
  for (const key of ['app', 'connection', 'name', 'user', 'id', 'exchange']) {
    if (typeof a[key] === 'string' && a[key]) return a[key] as string;
  }
  if (Array.isArray(a.ids) && a.ids.every((id) => typeof id === 'string')) return a.ids.join(',') || null;
  return null;
}

/**
 * Every daemon API call, whoever makes it (console, API, CLI, proxy): the actor's role must reach
 * the method's (METHOD_ROLES), and each call that changes something is written to the audit log,
 * refused or not, with its arguments masked. The audit never fails a call: a write that fails is
 * logged instead (a full disk must not stop an operator from fixing things).
 */
export function guardDispatch(
  dispatch: Dispatch<Actor>,
  options: GuardOptions,
): (method: string, args: unknown, actor: Actor) => Promise<unknown> {
  const audit = async (entry: Omit<AuditRow, 'id' | 'at'>) => {
    try {
      await options.store.audit.add({ ...entry, at: options.now() });
    } catch (err) {
      options.log.warn({ err: errorMessage(err), action: entry.action }, 'could not write the audit log');
    }
  };

  return async (method, args, actor) => {
    if (!Object.hasOwn(METHOD_ROLES, method)) throw unknownMethod(method);
    const name = method as ControlMethod;
    const row = {
      actor: actor.name,
      via: actor.via,
      action: method,
      target: auditTarget(args),
      args: publicArgs(controlApi[name], args),
    };
    if (!roleAllows(actor.role, METHOD_ROLES[name])) {
      const denied = new OpsbotError('FORBIDDEN', `${actor.role} may not ${method}`);
      await audit({ ...row, outcome: 'denied', error: denied.message });
      throw denied;
    }
    if (!changes(name)) return dispatch(method, args, actor);
    try {
      const result = await dispatch(method, args, actor);
      await audit({ ...row, outcome: 'ok', error: null });
      return result;
    } catch (err) {
      await audit({ ...row, outcome: 'error', error: errorMessage(err) });
      throw err;
    }
  };
}
