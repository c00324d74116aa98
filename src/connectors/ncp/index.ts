import { z } from 'zod';
import { NO_CAPABILITIES } from '../../platform/config/capabilities.ts';
import { defineConnector } from '../define.ts';
import type { ConnectorContext, ConnectorParts } from '../types.ts';
import { ncpAccounts } from './accounts.ts';
import { ncpClient } from './client.ts';
import { type NcpOptions, ncpOptions } from './options.ts';
import type { NcpClient } from './types.ts';

/**
 * `type: ncp`: Naver Cloud Platform APIs for apps (`ctx.connector<NcpClient>('ncp-acme')`), signed
 * with API Gateway signature v2. Not a message target: a client only. The keys stay in the daemon.
 */
export const ncpConnector = defineConnector({
  type: 'ncp',
  options: ncpOptions,
  // Nothing is sent to NCP as a message.
  native: z.never(),
  defaultRateLimit: 60,
  capabilities: (options) => ({ ...NO_CAPABILITIES, vault: options.customersFromVault }),
  create: (ctx) => createNcpParts(ctx),
});

export function createNcpParts(ctx: ConnectorContext<NcpOptions>): ConnectorParts<never, NcpClient> {
  const { options } = ctx;
  const redactor = ctx.redactor.scope();
  redactor.addAll([options.accessKey, options.secretKey]);
  const accounts = ncpAccounts({ name: ctx.name, options, vault: ctx.vault, redactor, log: ctx.log });
  const client = ncpClient(accounts, {
    connection: ctx.name,
    timeout: options.timeout,
    retries: options.retries,
    clock: ctx.clock,
    redactor,
    log: ctx.log,
  });
  return { client };
}

export { NcpApiError } from './errors.ts';
export { type NcpOptions, ncpOptions } from './options.ts';
export { signatureV2 } from './sign.ts';
export type * from './types.ts';
