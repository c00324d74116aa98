import type { ScheduleFireRepo } from '../../../platform/store/cluster-types.ts';

/**
 * An in-memory ScheduleFireRepo for tests. Backends given the same instance share its claims the
 * way several nodes share the Postgres table, so "once per cluster" can be checked in one process.
 */
export class MemoryFires implements ScheduleFireRepo {
  /** `job|scheduledAt` → the node that claimed it. */
  private readonly claims = new Map<string, { job: string; scheduledAt: number; node: string }>();

  async claim(job: string, scheduledAt: number, node: string): Promise<boolean> {
    const key = `${job}|${scheduledAt}`;
    if (this.claims.has(key)) return false;
    this.claims.set(key, { job, scheduledAt, node });
    return true;
  }

  async list(
    job: string,
    since = Number.NEGATIVE_INFINITY,
  ): Promise<Array<{ scheduledAt: number; node: string }>> {
    return [...this.claims.values()]
      .filter((claim) => claim.job === job && claim.scheduledAt >= since)
      .sort((a, b) => a.scheduledAt - b.scheduledAt)
      .map(({ scheduledAt, node }) => ({ scheduledAt, node }));
  }

  async prune(before: number): Promise<number> {
    let pruned = 0;
    for (const [key, claim] of this.claims) {
      if (claim.scheduledAt >= before) continue;
      this.claims.delete(key);
      pruned++;
    }
    return pruned;
  }
}
