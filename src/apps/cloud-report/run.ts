import { randomUUID } from 'node:crypto';
import type { AppContext } from 'opsbot';
import type { NcpClient } from 'opsbot/connectors/ncp';
import { eachLimit } from '../shared/each-limit.ts';
import { changesSince } from './changes.ts';
import { collectCustomer } from './collect.ts';
import { resolveCustomers } from './customers.ts';
import { type Db, previousPeriod, saveCollected } from './db.ts';
import { writeFiles } from './files.ts';
import { failureMessage, type RunSummary, summaryMessage } from './messages.ts';
import type { ApiFailure, Collected, Customer } from './model.ts';
import type { Options } from './options.ts';
import { resolvePeriod } from './period.ts';
import { buildWorkbook } from './workbook.ts';

type Ctx = AppContext<Options>;

interface Outcome {
  customer: string;
  period?: string;
  resources: number;
  failures: number;
  /** Why the customer failed as a whole; absent when it was reported. */
  failed?: string;
}

/**
 * One report run: resolves the customers, collects up to `concurrency` of them at a time, writes
 * each one's files and rows, and posts every API error and one summary to the target. Throws (so
 * `opsbot run` exits 1) when a customer failed as a whole, naming it; others are written anyway.
 */
export async function runReport(ctx: Ctx): Promise<RunSummary> {
  const started = ctx.clock.now();
  const runId = randomUUID();
  const clientOf = (connection: string) => ctx.connector<NcpClient>(connection);
  const list = await resolveCustomers(ctx.options, clientOf);
  const outcomes: Outcome[] = [];
  for (const failure of list.failures) {
    await ctx.notify(ctx.options.target, failureMessage(failure, String(ctx.options.period)));
    outcomes.push({ customer: failure.customer, resources: 0, failures: 1, failed: failure.message });
  }
  ctx.log.info({ customers: list.customers.length, runId }, 'cloud report: collecting');
  const done = await eachLimit(list.customers, ctx.options.concurrency, (customer) =>
    reportCustomer(ctx, customer, started, runId),
  );
  outcomes.push(...done);
  const summary: RunSummary = {
    periods: [...new Set(done.flatMap((o) => (o.period ? [o.period] : [])))],
    customers: outcomes.length,
    failedCustomers: outcomes.filter((o) => o.failed !== undefined).map((o) => o.customer),
    partialCustomers: outcomes.filter((o) => o.failed === undefined && o.failures > 0).map((o) => o.customer),
    resources: outcomes.reduce((n, o) => n + o.resources, 0),
    failures: outcomes.reduce((n, o) => n + o.failures, 0),
    durationMs: ctx.clock.now() - started,
    dryRun: ctx.dryRun,
  };
  await ctx.notify(ctx.options.target, summaryMessage(summary));
  const failed = outcomes.filter((o) => o.failed !== undefined);
  if (failed.length > 0) {
    const which = failed.map((o) => `${o.customer} (${o.failed})`).join('; ');
    throw new Error(`cloud report failed for ${failed.length} customer(s): ${which}`);
  }
  return summary;
}

async function reportCustomer(ctx: Ctx, customer: Customer, now: number, runId: string): Promise<Outcome> {
  const period = resolvePeriod(ctx.options.period, now, customer.timezone);
  const log = ctx.log.child({ customer: customer.id, period: period.label });
  log.info({ platforms: customer.platforms, exclude: customer.exclude }, 'cloud report: customer started');
  const onFailure = async (failure: ApiFailure) => {
    log.warn(
      { kind: failure.kind, platform: failure.platform, region: failure.region, code: failure.code },
      failure.message,
    );
    await ctx.notify(ctx.options.target, failureMessage(failure, period.label));
  };
  try {
    const collected = await collectCustomer({
      client: ctx.connector<NcpClient>(customer.connection),
      customer,
      period,
      options: ctx.options,
      onFailure,
    });
    const counts = countsOf(collected);
    const outcome = {
      customer: customer.id,
      period: period.label,
      resources: collected.resources.length,
      failures: collected.failures.length,
    };
    if (collected.answered === 0 && collected.failures.length > 0) {
      log.error({ failures: collected.failures.length }, 'cloud report: every call of the customer failed');
      return { ...outcome, failed: `every call failed, first: ${collected.failures[0]?.message}` };
    }
    if (ctx.dryRun) {
      log.info({ counts, failures: collected.failures.length }, 'dry run: collected, nothing written');
      return outcome;
    }
    const dir = await save(ctx, collected, runId);
    log.info({ counts, failures: collected.failures.length, dir }, 'cloud report: customer done');
    return outcome;
  } catch (err) {
    // A write that failed (disk, database): the customer has no report for the period.
    log.error({ err }, 'cloud report: customer failed');
    return {
      customer: customer.id,
      period: period.label,
      resources: 0,
      failures: 0,
      failed: (err as Error).message,
    };
  }
}

async function save(ctx: Ctx, collected: Collected, runId: string): Promise<string> {
  const db = ctx.db as Db;
  const previous = await previousPeriod(db, collected.customer.id, collected.period.start);
  const workbook = await buildWorkbook(collected, changesSince(collected, previous));
  const dir = await writeFiles(ctx.dataDir, collected, workbook, runId);
  await saveCollected(db, collected, runId, ctx.clock.now());
  return dir;
}

function countsOf(collected: Collected): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of collected.resources) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  counts.metrics = collected.metrics.length;
  counts['nas-usage'] = collected.nasUsage.length;
  return counts;
}
