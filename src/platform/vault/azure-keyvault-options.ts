import { z } from 'zod';
import { durationSchema } from '../config/duration.ts';
import { secretField } from '../config/secret-fields.ts';

const httpsUrl = (what: string) => z.url({ protocol: /^https$/, error: `${what} must be an https URL` });

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
const DEFAULT_TTL_MS = 10 * 60_000;

/**
 * `secrets.vault` with `type: azure-keyvault`. Credentials, in the order people usually have them:
 * a service principal's client secret (tenantId + clientId + clientSecret), the machine's managed
 * identity, or the AZURE_* environment variables the Azure SDKs read.
 */
export const azureKeyVaultOptions = z
  .strictObject({
    type: z.literal('azure-keyvault'),
    /** The vault's URL, e.g. https://acme-msp.vault.azure.net. */
    url: httpsUrl('url'),
    tenantId: z.string().min(1, 'tenantId cannot be empty').optional(),
    clientId: z.string().min(1, 'clientId cannot be empty').optional(),
    clientSecret: secretField(z.string().min(1, 'clientSecret cannot be empty')).optional(),
    /** The Entra login host: sovereign clouds, the sandbox and tests set it. */
    authorityHost: httpsUrl('authorityHost').default(DEFAULT_AUTHORITY_HOST),
    /** Default: client-secret when clientSecret is given, else environment. */
    credential: z.enum(['client-secret', 'managed-identity', 'environment']).optional(),
    /** How long a value or the list is reused before the vault is asked again (default 10m). */
    ttl: durationSchema('How long vault values are cached (default 10m)').default(DEFAULT_TTL_MS),
  })
  .transform((options) => ({
    ...options,
    credential: options.credential ?? (options.clientSecret ? 'client-secret' : 'environment'),
  }))
  .superRefine((options, ctx) => {
    if (options.credential !== 'client-secret') return;
    const missing = (['tenantId', 'clientId', 'clientSecret'] as const).filter((key) => !options[key]);
    if (missing.length === 0) return;
    ctx.addIssue({
      code: 'custom',
      path: [missing[0]!],
      message: `credential client-secret needs ${missing.join(', ')}`,
    });
  });

export type AzureKeyVaultOptions = z.output<typeof azureKeyVaultOptions>;
