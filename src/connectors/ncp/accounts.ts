import { OpsbotError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { Redactor } from '../../platform/redact.ts';
import type { SecretVault, VaultSecretInfo } from '../../platform/vault/types.ts';
import type { NcpAccount } from './http.ts';
import { Limit } from './limit.ts';
import { type NcpOptions, urlsFor } from './options.ts';
import type { NcpCustomer, NcpSite } from './types.ts';

/** Who a connection signs for, and with which keys: one account, or one per vault customer. */
export interface NcpAccounts {
  customers(): Promise<NcpCustomer[]>;
  /** The account a call with this `customer` signs with; NCP_CUSTOMER when there is none. */
  account(customer: string | undefined): Promise<NcpAccount>;
}

export interface AccountsInit {
  name: string;
  options: NcpOptions;
  vault: SecretVault | undefined;
  redactor: Redactor;
  log: Logger;
}

export function ncpAccounts(init: AccountsInit): NcpAccounts {
  if (!init.options.customersFromVault) return configAccounts(init);
  const { vault } = init;
  if (vault) return vaultAccounts({ ...init, vault });
  // Config load reports this (the `vault` capability); a connection made without that check fails on use.
  const fail = async (): Promise<never> => {
    throw new OpsbotError(
      'NCP_NO_VAULT',
      `connection ${init.name} has customersFromVault: true but the config has no vault (secrets.vault)`,
    );
  };
  return { customers: fail, account: fail };
}

function unknownCustomer(name: string, customer: string | undefined): OpsbotError {
  return customer === undefined
    ? new OpsbotError('NCP_CUSTOMER', `connection ${name} signs for vault customers: say which customer`)
    : new OpsbotError('NCP_CUSTOMER', `connection ${name} has no customer "${customer}"`);
}

function configAccounts({ name, options }: AccountsInit): NcpAccounts {
  const account: NcpAccount = {
    id: name,
    accessKey: options.accessKey ?? '',
    secretKey: options.secretKey ?? '',
    ...urlsFor(options, options.site),
    limit: new Limit(options.concurrency),
  };
  return {
    customers: async () => [{ id: name, site: options.site, source: 'config' }],
    async account(customer) {
      if (customer !== undefined && customer !== name) throw unknownCustomer(name, customer);
      return account;
    },
  };
}

/** The old report's layout: `customer_type` pri|gov (public and gov read too). */
function siteOf(tag: string | undefined, fallback: NcpSite): NcpSite {
  const value = tag?.trim().toLowerCase();
  if (value === 'gov') return 'gov';
  if (value === 'pri' || value === 'public') return 'public';
  return fallback;
}

function vaultAccounts(init: AccountsInit & { vault: SecretVault }): NcpAccounts {
  const { name, options, vault, redactor, log } = init;
  // One limit per access key: fifty customers are not squeezed through one.
  const limits = new Map<string, Limit>();
  const skipped = new Set<string>();

  const usable = (secret: VaultSecretInfo): boolean => {
    if (!secret.tags['access_key']) return false;
    if (secret.enabled) return true;
    if (!skipped.has(secret.name)) {
      skipped.add(secret.name);
      log.debug(
        { connection: name, customer: secret.name },
        'ncp: vault secret is disabled; customer skipped',
      );
    }
    return false;
  };

  const customerOf = (secret: VaultSecretInfo): NcpCustomer => {
    const label = secret.tags['customer_name'];
    return {
      id: secret.name,
      site: siteOf(secret.tags['customer_type'], options.site),
      source: 'vault',
      ...(label ? { name: label } : {}),
    };
  };

  return {
    async customers() {
      return (await vault.list()).filter(usable).map(customerOf);
    },
    async account(customer) {
      const secret =
        customer === undefined
          ? undefined
          : (await vault.list()).find((s) => s.name === customer && usable(s));
      if (!secret) throw unknownCustomer(name, customer);
      const accessKey = secret.tags['access_key'] as string;
      const secretKey = await vault.get(secret.name);
      redactor.addAll([accessKey, secretKey]);
      let limit = limits.get(accessKey);
      if (!limit) {
        limit = new Limit(options.concurrency);
        limits.set(accessKey, limit);
      }
      const site = siteOf(secret.tags['customer_type'], options.site);
      return { id: secret.name, accessKey, secretKey, ...urlsFor(options, site), limit };
    },
  };
}
