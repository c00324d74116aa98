import type { NcpClient, NcpCustomer } from 'opsbot/connectors/ncp';
import { type ApiFailure, type Customer, failureOf } from './model.ts';
import { CUSTOMER_ID, type CustomerOptions, type Options } from './options.ts';

export interface CustomerList {
  customers: Customer[];
  /** Connections whose customer list could not be read, with why. */
  failures: ApiFailure[];
}

/**
 * The customers of this run: the configured ones, then every vault customer of the `discover`
 * connections that is not configured already (a configured entry with the same id on the same
 * connection sets its options), then `only`. Each connection is asked once; its answer tells a
 * vault-backed connection (calls name the customer) from a plain one (calls do not), and the site.
 */
export async function resolveCustomers(
  options: Options,
  clientOf: (connection: string) => NcpClient,
): Promise<CustomerList> {
  const asked = new Map<string, Promise<NcpCustomer[]>>();
  const listOf = (connection: string) => {
    let list = asked.get(connection);
    if (!list) {
      list = clientOf(connection).customers();
      asked.set(connection, list);
    }
    return list;
  };
  const customers: Customer[] = [];
  const failures: ApiFailure[] = [];
  for (const configured of options.customers) {
    const found = await settle(listOf(configured.connection));
    if ('error' in found) failures.push(listFailure(configured.id, configured.connection, found.error));
    else {
      const resolved = configuredCustomer(configured, found.value);
      if ('error' in resolved)
        failures.push(listFailure(configured.id, configured.connection, resolved.error));
      else customers.push(resolved);
    }
  }
  for (const connection of options.discover) {
    const found = await settle(listOf(connection));
    if ('error' in found) {
      failures.push(listFailure(`(discovery on ${connection})`, connection, found.error));
      continue;
    }
    for (const account of found.value.filter((c) => c.source === 'vault')) {
      if (customers.some((c) => c.id === account.id && c.connection === connection)) continue;
      if (!CUSTOMER_ID.test(account.id)) {
        const error = {
          code: 'CUSTOMER_ID',
          message: `vault secret "${account.id}" is not usable as a folder name`,
        };
        failures.push(listFailure(account.id, connection, error));
        continue;
      }
      customers.push(discovered(account, connection));
    }
  }
  return only(options, { customers, failures });
}

function configuredCustomer(
  configured: CustomerOptions,
  accounts: NcpCustomer[],
): Customer | { error: { code: string; message: string } } {
  const fromVault = accounts.some((a) => a.source === 'vault');
  const account = fromVault ? accounts.find((a) => a.id === configured.id) : accounts[0];
  if (!account) {
    const message = fromVault
      ? `customer ${configured.id} is not an enabled secret in the vault of connection ${configured.connection}`
      : `connection ${configured.connection} lists no NCP account`;
    return { error: { code: 'CUSTOMER', message } };
  }
  return {
    ...configured,
    ...(configured.name === undefined && account.name ? { name: account.name } : {}),
    ...(fromVault ? { account: account.id } : {}),
    site: account.site,
    source: fromVault ? 'vault' : 'config',
  };
}

function discovered(account: NcpCustomer, connection: string): Customer {
  return {
    id: account.id,
    ...(account.name ? { name: account.name } : {}),
    connection,
    platforms: ['vpc', 'classic'],
    exclude: [],
    timezone: 'Asia/Seoul',
    account: account.id,
    site: account.site,
    source: 'vault',
  };
}

/** `only: [ids]` keeps those customers; an id that is not a customer is a mistake worth stopping for. */
function only(options: Options, list: CustomerList): CustomerList {
  if (!options.only) return list;
  const wanted = new Set(options.only);
  const known = new Set([...list.customers.map((c) => c.id), ...list.failures.map((f) => f.customer)]);
  const unknown = [...wanted].filter((id) => !known.has(id));
  // A discovery that failed may be where they are: its failure is kept and fails the run instead.
  const discovery = list.failures.filter((f) => f.customer.startsWith('(discovery'));
  if (unknown.length > 0 && discovery.length === 0) {
    const all = [...known].sort().join(', ') || 'none';
    throw new Error(`only: no customer ${unknown.join(', ')} (customers: ${all})`);
  }
  return {
    customers: list.customers.filter((c) => wanted.has(c.id)),
    failures: [...list.failures.filter((f) => wanted.has(f.customer)), ...discovery],
  };
}

function listFailure(customer: string, connection: string, err: unknown): ApiFailure {
  return failureOf(err, { customer, kind: 'customers', path: `customers() of connection ${connection}` });
}

async function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}
