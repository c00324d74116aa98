import type { RedisOptions } from 'ioredis';
import { OpsbotError } from '../errors.ts';

/**
 * ioredis options for a `queue: redis://…` URL (`rediss://` for TLS; user, password and `/db`
 * honoured). `maxRetriesPerRequest: null` is what BullMQ requires of the connections its workers
 * block on; ioredis then waits for Redis to come back instead of failing each command.
 */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OpsbotError('CONFIG', 'queue: not a valid redis:// URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new OpsbotError('CONFIG', `queue: expected redis:// or rediss://, got ${parsed.protocol}//`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db))
    throw new OpsbotError('CONFIG', `queue: "/${db}" is not a Redis database number`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** Every key opsbot writes to Redis starts with this (BullMQ's `prefix`), so one Redis can serve other tools too. */
export const REDIS_PREFIX = 'opsbot';
