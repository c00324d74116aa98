import type { AuthStatus, Connector } from '../../connectors/types.ts';
import { errorMessage, usageError } from '../../platform/errors.ts';
import { secretRedactor } from '../../platform/redact.ts';

type Capability = 'send' | 'receive' | 'forms' | 'files' | 'auth' | 'vault';
const CAPABILITIES: readonly Capability[] = ['send', 'receive', 'forms', 'files', 'auth', 'vault'];

/** Token state as the daemon's AuthService reports it (`opsbot auth status`). */
export type AuthStatusOf = (connection: string) => Promise<AuthStatus>;

/** One connection as the console lists it: what it can do and, with OAuth, where its tokens stand. */
export async function connectionInfo(connector: Connector, statusOf: AuthStatusOf) {
  const caps = connector.capabilities;
  const on = CAPABILITIES.filter((name) => Boolean(caps[name]));
  const auth = connector.auth ? await authInfo(() => statusOf(connector.name)) : null;
  return {
    name: connector.name,
    type: connector.type,
    capabilities: on,
    auth,
    canLogin: auth?.flow === 'user',
  };
}

async function authInfo(read: () => Promise<AuthStatus>) {
  let status: AuthStatus;
  try {
    status = await read();
  } catch (err) {
    // A connection whose state cannot be read still belongs in the list, with the reason.
    const warning = secretRedactor.redact(errorMessage(err));
    return { flow: 'unknown', state: 'error', accessExpiresAt: null, refreshExpiresAt: null, warning };
  }
  return {
    flow: status.flow,
    state: status.state,
    accessExpiresAt: status.access?.expiresAt ?? null,
    refreshExpiresAt: status.refresh?.expiresAt ?? null,
    ...(status.warning ? { warning: status.warning } : {}),
  };
}

/** The target a test message goes to: the connection, or one of its destinations (`<kind>/<id>`). */
export function testTarget(
  connectors: ReadonlyMap<string, Connector>,
  connection: string,
  destination: string,
) {
  const connector = connectors.get(connection);
  if (!connector) throw usageError(`no connection named "${connection}"`);
  if (!connector.capabilities.send) throw usageError(`connection "${connection}" cannot send messages`);
  const where = destination.replace(/^\/+/, '');
  return where ? `${connection}/${where}` : connection;
}
