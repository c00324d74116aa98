import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { secretField } from '../../platform/config/secret-fields.ts';

/**
 * `type: naverworks` in opsbot.yaml. Validation messages name the key, never its value: these blocks
 * hold the client secret, the bot secret and a private key.
 */
const baseOptions = z.object({
  clientId: z.string().min(1, 'clientId is required'),
  clientSecret: secretField(z.string().min(1, 'clientSecret is required')),
  serviceAccount: z.string().min(1).optional(),
  privateKey: secretField(
    z.string().refine(isPrivateKeyPem, 'privateKey must be a PEM private key (PKCS#8)'),
  ).optional(),
  botId: z.string().min(1).optional(),
  botSecret: secretField(z.string().min(1)).optional(),
  scopes: z
    .array(z.string().regex(/^[a-z.-]+$/, 'not a scope name'))
    .min(1)
    .default(['bot']),
  redirectUri: z.url({ error: 'redirectUri must be a URL' }).optional(),
  apiUrl: z
    .url({ protocol: /^https?$/, error: 'apiUrl must be an http(s) URL' })
    .default('https://www.worksapis.com/v1.0'),
  // Configurable because KR public-sector tenants use another auth host (auth.gov-naverworks.com).
  authUrl: z
    .url({ protocol: /^https?$/, error: 'authUrl must be an http(s) URL' })
    .default('https://auth.worksmobile.com/oauth2/v2.0'),
  auth: z.enum(['service-account', 'user']).optional(),
});

export const naverworksOptions = baseOptions
  .superRefine((o, issue) => {
    if (o.auth === 'service-account' && (!o.serviceAccount || !o.privateKey)) {
      issue.addIssue({
        code: 'custom',
        path: ['auth'],
        message: 'auth: service-account needs serviceAccount and privateKey',
      });
    }
  })
  .transform((o) => ({
    ...o,
    // Trailing slashes would double up when paths are appended.
    apiUrl: o.apiUrl.replace(/\/+$/, ''),
    authUrl: o.authUrl.replace(/\/+$/, ''),
    auth: o.auth ?? (o.serviceAccount && o.privateKey ? 'service-account' : 'user'),
  }));

export type NaverworksOptions = z.output<typeof naverworksOptions>;

function isPrivateKeyPem(value: string): boolean {
  try {
    createPrivateKey(value);
    return true;
  } catch {
    return false;
  }
}
