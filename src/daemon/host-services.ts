import type { Connector } from '../connectors/types.ts';
import type { CalendarApi } from '../contracts/calendar.ts';
import { clientMethod } from '../contracts/client-path.ts';
import {
  type AppApi,
  appApi,
  createDispatcher,
  type Handlers,
  portableMessage,
} from '../contracts/daemon-api/index.ts';
import type { FormService } from '../engine/forms/service.ts';
import type { Outbox } from '../engine/outbox/outbox.ts';
import { OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
import type { HolidayServices } from './holiday-services.ts';

export interface HostDeps {
  store: Store;
  outbox: Pick<Outbox, 'enqueue'>;
  calendar: CalendarApi;
  connectors: () => ReadonlyMap<string, Connector>;
  forms?: Pick<FormService, 'open'>;
  /** Provider diff and curated closures (ctx.holidays); absent in hosts that have no calendar config. */
  holidays?: HolidayServices;
  /** Calls are logged at debug level: an app may read its state many times a second. */
  log?: Logger;
}

/** Who is calling: the daemon adds the app's name, an app never sends it. */
interface Caller {
  app: string;
}

/** One handler per app API method (src/contracts/daemon-api/app.ts), arguments already validated. */
function appHandlers(deps: HostDeps): Handlers<AppApi, Caller> {
  const { store } = deps;
  return {
    'kv.get': ([key], { app }) => store.kv.get(app, key),
    'kv.set': ([key, value], { app }) => store.kv.set(app, key, value),
    'kv.delete': ([key], { app }) => store.kv.delete(app, key),
    'kv.list': ([prefix], { app }) => store.kv.list(app, prefix),
    enqueue: async ([target, kind, payload], { app }) => {
      if (kind === 'portable') {
        const parsed = portableMessage.safeParse(payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new OpsbotError('MESSAGE', `invalid message: ${issue?.path.join('.')} ${issue?.message}`);
        }
      }
      return { ids: await deps.outbox.enqueue({ app, target, kind, payload }) };
    },
    calendar: ([fn, args]) => (deps.calendar[fn] as (...a: unknown[]) => Promise<unknown>)(...args),
    connector: ([name, fn, args]) => {
      const connector = deps.connectors().get(name);
      if (!connector) throw new OpsbotError('CONNECTOR', `no connection named "${name}"`);
      const call = clientMethod(connector.client, fn);
      if (!call) {
        throw new OpsbotError(
          'CONNECTOR',
          `connection "${name}" (${connector.type}) has no client method ${fn}()`,
        );
      }
      return call(...args);
    },
    connections: ([type]) =>
      [...deps.connectors().values()]
        .filter((c) => type === undefined || c.type === type)
        .map((c) => ({ name: c.name, type: c.type })),
    'db.location': (_args, { app }) => store.appDatabase(app),
    'form.open': ([request], { app }) => {
      if (!deps.forms) throw new OpsbotError('FORM', 'forms are not available in this daemon');
      return deps.forms.open(app, request);
    },
    'holiday.diff': ([args]) => holidaysOf(deps).diff(args),
    'holiday.add': ([args], { app }) => {
      deps.log?.info({ app, ...args }, 'app adds a curated closure');
      return holidaysOf(deps).add(args);
    },
  };
}

function holidaysOf(deps: HostDeps): HolidayServices {
  if (!deps.holidays) throw new OpsbotError('HOLIDAY', 'holiday providers are not available in this host');
  return deps.holidays;
}

/** Answers an app's calls to the daemon: its key-value state, the outbox, calendars, connector clients. */
export function createHostServices(deps: HostDeps) {
  const dispatch = createDispatcher<AppApi, Caller>(appApi, appHandlers(deps), (method, _args, { app }) =>
    deps.log?.debug({ app, method }, 'app api call'),
  );
  return (app: string, method: string, args: unknown[]): Promise<unknown> => dispatch(method, args, { app });
}
