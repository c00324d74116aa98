import { lockWaitSchema } from '../platform/config/schema.ts';
import { OpsbotError } from '../platform/errors.ts';
import { readRawConfig } from './config-locate.ts';

/**
 * `lockWait` (ms) without loading the whole config, for commands that take the lock. Apart from
 * config-locate.ts because its schema loads zod, which `status` and `stop` do without.
 */
export function readLockWait(file: string): number {
  const parsed = lockWaitSchema.safeParse(readRawConfig(file)?.['lockWait']);
  if (!parsed.success) throw new OpsbotError('CONFIG', `lockWait: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
