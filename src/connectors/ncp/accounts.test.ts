import { describe, expect, it } from 'vitest';
import { OpsbotError } from '../../platform/errors.ts';
import { Redactor } from '../../platform/redact.ts';
import type { SecretVault, VaultSecretInfo } from '../../platform/vault/types.ts';
import { captureLog } from '../testing/log-capture.ts';
import { ncpAccounts } from './accounts.ts';
import { ncpOptions } from './options.ts';

const SECRETS: Record<string, string> = {
  acme: 'acme-secret-key-0001',
  govco: 'govco-secret-key-0002',
  oldco: 'oldco-secret-key-0003',
};

function memoryVault(): SecretVault & { gets: string[] } {
  const infos: VaultSecretInfo[] = [
    {
      name: 'acme',
      enabled: true,
      tags: { access_key: 'AK-ACME-1', customer_type: 'pri', customer_name: 'Acme' },
    },
    { name: 'govco', enabled: true, tags: { access_key: 'AK-GOV-2', customer_type: 'gov' } },
    { name: 'oldco', enabled: false, tags: { access_key: 'AK-OLD-3', customer_type: 'pri' } },
    { name: 'db-password', enabled: true, tags: {} },
  ];
  const gets: string[] = [];
  return {
    type: 'memory',
    gets,
    async get(name) {
      gets.push(name);
      const value = SECRETS[name];
      if (value === undefined) throw new OpsbotError('VAULT_MISSING', `no secret ${name}`);
      return value;
    },
    list: async () => infos,
    clear() {},
  };
}

function open(block: Record<string, unknown>, vault?: SecretVault) {
  const { log, lines } = captureLog();
  const redactor = new Redactor();
  const accounts = ncpAccounts({ name: 'ncp-msp', options: ncpOptions.parse(block), vault, redactor, log });
  return { accounts, lines, redactor };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return `${(err as OpsbotError).code}: ${(err as Error).message}`;
  }
  return 'no error';
}

describe('customersFromVault', () => {
  it('lists each enabled secret with an access_key tag, tags mapped, disabled ones logged once', async () => {
    const vault = memoryVault();
    const { accounts, lines } = open({ customersFromVault: true }, vault);
    const expected = [
      { id: 'acme', site: 'public', source: 'vault', name: 'Acme' },
      { id: 'govco', site: 'gov', source: 'vault' },
    ];
    expect(await accounts.customers()).toEqual(expected);
    expect(await accounts.customers()).toEqual(expected);
    const skipped = lines.filter((line) => line.includes('disabled'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toContain('"customer":"oldco"');
    expect(vault.gets).toEqual([]);
  });

  it("signs a customer's calls with its tag and secret, at its site's hosts", async () => {
    const vault = memoryVault();
    const { accounts, redactor } = open({ customersFromVault: true, concurrency: 3 }, vault);
    const acme = await accounts.account('acme');
    expect([acme.id, acme.accessKey, acme.secretKey, acme.apiUrl, acme.monitoringUrl]).toEqual([
      'acme',
      'AK-ACME-1',
      SECRETS['acme'],
      'https://ncloud.apigw.ntruss.com',
      'https://cw.apigw.ntruss.com',
    ]);
    const gov = await accounts.account('govco');
    expect([gov.apiUrl, gov.monitoringUrl]).toEqual([
      'https://ncloud.apigw.gov-ntruss.com',
      'https://cw.apigw.gov-ntruss.com',
    ]);
    // One limit per account, the same one on every call.
    expect(gov.limit).not.toBe(acme.limit);
    expect((await accounts.account('acme')).limit).toBe(acme.limit);
    expect(redactor.redact(`k=${SECRETS['govco']} a=AK-GOV-2`)).toBe('k=[redacted] a=[redacted]');
  });

  it('keeps explicit URLs for gov customers too', async () => {
    const { accounts } = open(
      { customersFromVault: true, apiUrl: 'http://127.0.0.1:1', monitoringUrl: 'http://127.0.0.1:2' },
      memoryVault(),
    );
    const gov = await accounts.account('govco');
    expect([gov.apiUrl, gov.monitoringUrl]).toEqual(['http://127.0.0.1:1', 'http://127.0.0.1:2']);
  });

  it('refuses unknown, disabled and unnamed customers with NCP_CUSTOMER', async () => {
    const vault = memoryVault();
    const { accounts } = open({ customersFromVault: true }, vault);
    expect(await codeOf(accounts.account('nobody'))).toBe(
      'NCP_CUSTOMER: connection ncp-msp has no customer "nobody"',
    );
    expect(await codeOf(accounts.account('oldco'))).toBe(
      'NCP_CUSTOMER: connection ncp-msp has no customer "oldco"',
    );
    expect(await codeOf(accounts.account('db-password'))).toMatch(/^NCP_CUSTOMER/);
    expect(await codeOf(accounts.account(undefined))).toBe(
      'NCP_CUSTOMER: connection ncp-msp signs for vault customers: say which customer',
    );
    expect(vault.gets).toEqual([]);
  });

  it('fails on use when the config has no vault', async () => {
    const { accounts } = open({ customersFromVault: true });
    expect(await codeOf(accounts.customers())).toBe(
      'NCP_NO_VAULT: connection ncp-msp has customersFromVault: true but the config has no vault (secrets.vault)',
    );
    expect(await codeOf(accounts.account('acme'))).toMatch(/^NCP_NO_VAULT/);
  });
});

describe('a plain connection', () => {
  it("is one customer named after the connection, at its site's hosts", async () => {
    const { accounts } = open({ accessKey: 'AK-PLAIN', secretKey: 'SK-PLAIN-000', site: 'gov' });
    expect(await accounts.customers()).toEqual([{ id: 'ncp-msp', site: 'gov', source: 'config' }]);
    const account = await accounts.account(undefined);
    expect([account.accessKey, account.apiUrl]).toEqual(['AK-PLAIN', 'https://ncloud.apigw.gov-ntruss.com']);
    expect(await accounts.account('ncp-msp')).toBe(account);
    expect(await codeOf(accounts.account('acme'))).toBe(
      'NCP_CUSTOMER: connection ncp-msp has no customer "acme"',
    );
  });
});
