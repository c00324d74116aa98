import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisOptions } from '../connection.ts';

/** Where Redis-backed tests connect; unreachable means they fail, never skip. */
export const TEST_REDIS_URL = process.env.OPSBOT_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own per test backing, so suites running at once never see each other's queues. */
export function uniquePrefix(): string {
  return `opsbot-test-${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under a prefix (a test backing's dispose). */
export async function dropPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis({ ...redisOptions(url), maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
