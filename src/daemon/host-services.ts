import { z } from 'zod';
import type { Connector } from '../connectors/types.ts';
import type { HostMethod } from '../contracts/app-ipc.ts';
import type { CalendarApi } from '../contracts/calendar.ts';
import { clientMethod } from '../contracts/client-path.ts';
import { SEVERITIES } from '../contracts/message.ts';
import { CALENDAR_METHODS } from '../engine/calendars/calendar-api.ts';
import type { Outbox } from '../engine/outbox/outbox.ts';
import { OpsbotError } from '../platform/errors.ts';
import type { Store } from '../platform/store/types.ts';

const portableMessage = z
  .object({
    title: z.string().optional(),
    text: z.string(),
    severity: z.enum(SEVERITIES as [string, ...string[]]).optional(),
    fields: z
      .array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() }))
      .optional(),
    links: z.array(z.object({ label: z.string(), url: z.string() })).optional(),
  })
  .strict();

/** Answers an app's calls to the daemon: its key-value state, the outbox, calendars, connector clients. */
export function createHostServices(deps: {
  store: Store;
  outbox: Pick<Outbox, 'enqueue'>;
  calendar: CalendarApi;
  connectors: () => ReadonlyMap<string, Connector>;
}) {
  return async (app: string, method: HostMethod, args: unknown[]): Promise<unknown> => {
    const { store } = deps;
    switch (method) {
      case 'kv.get':
        return store.kv.get(app, String(args[0]));
      case 'kv.set':
        return store.kv.set(app, String(args[0]), args[1]);
      case 'kv.delete':
        return store.kv.delete(app, String(args[0]));
      case 'kv.list':
        return store.kv.list(app, args[0] === undefined ? undefined : String(args[0]));
      case 'enqueue': {
        const [target, kind, payload] = args as [string, 'portable' | 'native', unknown];
        if (kind === 'portable') {
          const parsed = portableMessage.safeParse(payload);
          if (!parsed.success) {
            throw new OpsbotError(
              'MESSAGE',
              `invalid message: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
            );
          }
        }
        return { ids: await deps.outbox.enqueue({ app, target, kind, payload }) };
      }
      case 'calendar': {
        const [fn, fnArgs] = args as [string, unknown[]];
        if (!CALENDAR_METHODS.has(fn)) throw new OpsbotError('CALENDAR', `no calendar method ${fn}()`);
        const method = deps.calendar[fn as keyof CalendarApi] as (...a: unknown[]) => Promise<unknown>;
        return method(...fnArgs);
      }
      case 'connector': {
        const [name, fn, fnArgs] = args as [string, string, unknown[]];
        const connector = deps.connectors().get(name);
        if (!connector) throw new OpsbotError('CONNECTOR', `no connection named "${name}"`);
        const call = clientMethod(connector.client, fn);
        if (!call)
          throw new OpsbotError(
            'CONNECTOR',
            `connection "${name}" (${connector.type}) has no client method ${fn}()`,
          );
        return call(...fnArgs);
      }
      case 'connections': {
        const type = args[0] === undefined ? undefined : String(args[0]);
        return [...deps.connectors().values()]
          .filter((c) => type === undefined || c.type === type)
          .map((c) => ({ name: c.name, type: c.type }));
      }
    }
  };
}
