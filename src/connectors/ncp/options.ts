import { z } from 'zod';
import { secretField } from '../../platform/config/secret-fields.ts';
import type { NcpSite } from './types.ts';

/**
 * `type: ncp` in opsbot.yaml. Messages name keys, never values. A plain connection signs with its
 * own `accessKey`/`secretKey`; one with `customersFromVault: true` signs for each customer the
 * config's vault lists, so it takes no keys of its own.
 */

/** The API hosts per site (NCP API docs, Go SDK configuration): compute/network/DB and Cloud Insight. */
export const SITE_URLS: Record<NcpSite, { apiUrl: string; monitoringUrl: string }> = {
  public: { apiUrl: 'https://ncloud.apigw.ntruss.com', monitoringUrl: 'https://cw.apigw.ntruss.com' },
  gov: { apiUrl: 'https://ncloud.apigw.gov-ntruss.com', monitoringUrl: 'https://cw.apigw.gov-ntruss.com' },
};

const httpUrl = (key: string) =>
  z
    .url({ protocol: /^https?$/, error: `${key} must be an http(s) URL` })
    // Paths are appended to it: no trailing slash.
    .transform((url) => url.replace(/\/+$/, ''))
    .optional();

export const ncpOptions = z
  .object({
    accessKey: secretField(z.string().min(1, 'accessKey must not be empty')).optional(),
    secretKey: secretField(z.string().min(1, 'secretKey must not be empty')).optional(),
    /** Default: the site's API host (`https://ncloud.apigw.ntruss.com` on public). */
    apiUrl: httpUrl('apiUrl'),
    /** Default: the site's Cloud Insight host (`https://cw.apigw.ntruss.com` on public). */
    monitoringUrl: httpUrl('monitoringUrl'),
    site: z.enum(['public', 'gov'], { error: 'site must be public or gov' }).default('public'),
    /** One account per enabled vault secret (name = customer id, value = secret key, tag access_key). */
    customersFromVault: z.boolean({ error: 'customersFromVault must be true or false' }).default(false),
    /** Calls in flight per NCP account. */
    concurrency: z.number().int().min(1, 'concurrency must be at least 1').max(64).default(8),
    /** Ms per attempt before it counts as failed (and is retried). */
    timeout: z.number().int().positive('timeout must be a positive number of ms').default(30_000),
    /** Further attempts after a 429, a 5xx or a network failure. */
    retries: z.number().int().min(0, 'retries must be 0 or more').max(10).default(4),
  })
  .strict()
  .superRefine((o, issues) => {
    const keys = (['accessKey', 'secretKey'] as const).filter((key) => o[key] !== undefined);
    if (o.customersFromVault) {
      for (const key of keys) {
        issues.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is not allowed with customersFromVault: the vault holds each customer's keys`,
        });
      }
      return;
    }
    for (const key of ['accessKey', 'secretKey'] as const) {
      if (o[key] === undefined) {
        issues.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is required (or set customersFromVault: true)`,
        });
      }
    }
  });

export type NcpOptions = z.output<typeof ncpOptions>;

/** The hosts an account on `site` is called at: the connection's URLs when set, else the site's. */
export function urlsFor(options: NcpOptions, site: NcpSite): { apiUrl: string; monitoringUrl: string } {
  return {
    apiUrl: options.apiUrl ?? SITE_URLS[site].apiUrl,
    monitoringUrl: options.monitoringUrl ?? SITE_URLS[site].monitoringUrl,
  };
}
