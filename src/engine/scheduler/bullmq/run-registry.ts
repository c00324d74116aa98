import type { Redis } from 'ioredis';
import type { Occurrence, OverlapPolicy } from '../types.ts';

/** Redis time in ms, inside a script, so nodes with skewed clocks agree on which runs expired. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)`;

/**
 * KEYS: runs, queued. ARGV: policy, token, ttl, occurrence JSON. → 'run' | 'queued' | 'skip', or
 * the JSON of an occurrence left queued (its run's node stopped): that one runs now, the new one
 * takes its place in the queue, so they keep their order.
 */
const ADMIT = `${NOW}
if ARGV[1] == 'allow' or redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  if ARGV[1] == 'queue' then
    local queued = redis.call('GET', KEYS[2])
    if queued then
      redis.call('SET', KEYS[2], ARGV[4])
      return queued
    end
  end
  return 'run'
end
if ARGV[1] == 'queue' and redis.call('SET', KEYS[2], ARGV[4], 'NX') then return 'queued' end
return 'skip'`;

/**
 * KEYS: runs, queued. ARGV: token that ended ('' for none), token for the queued run ('' to leave
 * it), ttl. → the queued occurrence JSON, now registered under the new token, or false.
 */
const FINISH = `${NOW}
if ARGV[1] ~= '' then redis.call('ZREM', KEYS[1], ARGV[1]) end
if ARGV[2] == '' or redis.call('ZCARD', KEYS[1]) > 0 then return false end
local queued = redis.call('GET', KEYS[2])
if not queued then return false end
redis.call('DEL', KEYS[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return queued`;

/** KEYS: runs. ARGV: ttl, tokens… Pushes the expiry of live tokens forward. */
const REFRESH = `${NOW}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])`;

/** `run`: start `occurrence` now under the token (the one asked for, or an older queued one). */
export type Admission = { verdict: 'run'; occurrence: Occurrence } | { verdict: 'queued' | 'skip' };

/**
 * Runs in flight cluster-wide, for the overlap policy. Per job: a ZSET of run tokens scored by an
 * expiry (Redis time) that the running node pushes forward while the run lasts, and one slot for the
 * occurrence policy `queue` keeps waiting. A killed node's run stops counting once its expiry
 * passes: at most `ttlMs` after its last refresh.
 */
export class RunRegistry {
  private readonly redis: Redis;
  private readonly prefix: string;
  readonly ttlMs: number;

  constructor(redis: Redis, prefix: string, ttlMs: number) {
    this.redis = redis;
    this.prefix = prefix;
    this.ttlMs = ttlMs;
  }

  /** Registers a run under `token` when the policy lets it start now, or takes the queue slot. */
  async admit(job: string, policy: OverlapPolicy, token: string, occurrence: Occurrence): Promise<Admission> {
    const args = [policy, token, String(this.ttlMs), JSON.stringify(occurrence)];
    const answer = (await this.redis.eval(ADMIT, 2, ...this.keys(job), ...args)) as string;
    if (answer === 'queued' || answer === 'skip') return { verdict: answer };
    return { verdict: 'run', occurrence: answer === 'run' ? occurrence : (JSON.parse(answer) as Occurrence) };
  }

  /**
   * Ends the run `token` (none: '') and, when no run is left and `next` is given, hands over the
   * queued occurrence (registered as running under `next`) for the caller to run.
   */
  async finish(job: string, token: string, next: string | undefined): Promise<Occurrence | undefined> {
    const args = [token, next ?? '', String(this.ttlMs)];
    const queued = (await this.redis.eval(FINISH, 2, ...this.keys(job), ...args)) as string | null;
    return queued ? (JSON.parse(queued) as Occurrence) : undefined;
  }

  async refresh(job: string, tokens: readonly string[]): Promise<void> {
    if (tokens.length === 0) return;
    await this.redis.eval(REFRESH, 1, this.keys(job)[0], String(this.ttlMs), ...tokens);
  }

  /** Takes the queued occurrence away (the job changed or was removed), if there was one. */
  async cancelQueued(job: string): Promise<Occurrence | undefined> {
    const queued = await this.redis.getdel(this.keys(job)[1]);
    return queued ? (JSON.parse(queued) as Occurrence) : undefined;
  }

  private keys(job: string): [string, string] {
    return [`${this.prefix}:schedule-runs:${job}`, `${this.prefix}:schedule-queued:${job}`];
  }
}
