import type { Connector } from '../connectors/types.ts';
import type { CalendarApi } from '../contracts/calendar.ts';
import { clientMethod } from '../contracts/client-path.ts';
import {
  type AppApi,
  appApi,
  BATCH_TARGET,
  createDispatcher,
  enqueueBatch,
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
  outbox: Pick<Outbox, 'enqueue' | 'enqueueMany'>;
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
      if (kind === 'batch') return enqueueMany(deps, app, target, payload);
      const problem = kind === 'portable' ? messageProblem(payload) : null;
      if (problem) throw new OpsbotError('MESSAGE', problem);
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

function messageProblem(payload: unknown): string | null {
  const parsed = portableMessage.safeParse(payload);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `invalid message: ${issue?.path.join('.')} ${issue?.message}`;
}

/**
 * ctx.notifyMany / ctx.store.write: the valid messages and the state changes in one transaction; an
 * invalid message or target is left out and answered in `failed`, so one bad alert cannot hold back
 * the rest of its batch.
 */
async function enqueueMany(deps: HostDeps, app: string, target: string, payload: unknown) {
  const parsed = enqueueBatch.safeParse(payload);
  if (target !== BATCH_TARGET || !parsed.success) {
    const issue = parsed.error?.issues[0];
    throw new OpsbotError(
      'MESSAGE',
      `invalid batch: ${issue ? `${issue.path.join('.')} ${issue.message}` : `target must be "${BATCH_TARGET}"`}`,
    );
  }
  const { messages, ...state } = parsed.data;
  if (messages.length === 0) {
    await deps.store.kv.write(app, state);
    return { ids: [], failed: [] };
  }
  const failed: Array<{ index: number; error: string }> = [];
  const valid: Array<{ index: number; message: (typeof messages)[number] }> = [];
  for (const [index, message] of messages.entries()) {
    const problem = message.kind === 'portable' ? messageProblem(message.payload) : null;
    if (problem) failed.push({ index, error: problem });
    else valid.push({ index, message });
  }
  const result = await deps.outbox.enqueueMany(
    app,
    valid.map((v) => v.message),
    state,
  );
  for (const f of result.failed) failed.push({ index: valid[f.index]!.index, error: f.error });
  return { ids: result.ids.flat(), failed: failed.sort((a, b) => a.index - b.index) };
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
