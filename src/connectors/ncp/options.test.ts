import { describe, expect, it } from 'vitest';
import { ncpConnector } from './index.ts';
import { ncpOptions, urlsFor } from './options.ts';

const keys = { accessKey: 'AK-0123456789', secretKey: 'SK-0123456789abcdef' };

function messages(block: Record<string, unknown>): string[] {
  const result = ncpOptions.safeParse(block);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('ncp options', () => {
  it('applies the documented defaults', () => {
    const options = ncpOptions.parse(keys);
    expect(options).toEqual({
      ...keys,
      site: 'public',
      customersFromVault: false,
      concurrency: 8,
      timeout: 30_000,
      retries: 4,
    });
    expect(urlsFor(options, 'public')).toEqual({
      apiUrl: 'https://ncloud.apigw.ntruss.com',
      monitoringUrl: 'https://cw.apigw.ntruss.com',
    });
  });

  it('uses the gov hosts on site gov unless the URLs are set', () => {
    const gov = ncpOptions.parse({ ...keys, site: 'gov' });
    expect(urlsFor(gov, gov.site)).toEqual({
      apiUrl: 'https://ncloud.apigw.gov-ntruss.com',
      monitoringUrl: 'https://cw.apigw.gov-ntruss.com',
    });
    const set = ncpOptions.parse({
      ...keys,
      site: 'gov',
      apiUrl: 'http://127.0.0.1:9/',
      monitoringUrl: 'http://h/cw/',
    });
    expect(urlsFor(set, set.site)).toEqual({ apiUrl: 'http://127.0.0.1:9', monitoringUrl: 'http://h/cw' });
  });

  it('needs both keys on a plain connection, naming the key and never a value', () => {
    expect(messages({ accessKey: keys.accessKey })).toEqual([
      'secretKey: secretKey is required (or set customersFromVault: true)',
    ]);
    expect(messages({ ...keys, site: 'fin', extra: 1 }).join('\n')).not.toContain(keys.secretKey);
    expect(messages({ ...keys, site: 'fin' })).toEqual(['site: site must be public or gov']);
    expect(messages({ ...keys, apiUrl: 'ftp://x' })).toEqual(['apiUrl: apiUrl must be an http(s) URL']);
    expect(messages({ ...keys, concurrency: 0 })).toEqual(['concurrency: concurrency must be at least 1']);
    expect(messages({ ...keys, token: 'x' })[0]).toMatch(/token/);
  });

  it('takes no keys with customersFromVault, which needs the vault', () => {
    expect(messages({ customersFromVault: true })).toEqual([]);
    expect(messages({ customersFromVault: true, ...keys })).toEqual([
      "accessKey: accessKey is not allowed with customersFromVault: the vault holds each customer's keys",
      "secretKey: secretKey is not allowed with customersFromVault: the vault holds each customer's keys",
    ]);
    expect(ncpConnector.capabilities(ncpOptions.parse({ customersFromVault: true })).vault).toBe(true);
    expect(ncpConnector.capabilities(ncpOptions.parse(keys)).vault).toBe(false);
  });
});
