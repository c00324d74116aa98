import { eachLimit } from '../shared/each-limit.ts';
import { joinNames } from './joins.ts';
import { endpointOf, type Item, KINDS, type Kind, text } from './kinds.ts';
import { collectMetrics } from './metrics.ts';
import { type ApiFailure, type Collected, failureOf, type Resource } from './model.ts';
import { collectNasUsage } from './nas-usage.ts';
import { accountOf, type CollectInput, type PlatformRegion, regionParam } from './step.ts';

/** List calls of one customer in flight at once; the connection limits calls per account anyway. */
const CALLS_PER_CUSTOMER = 8;

/**
 * Everything of one customer for the period: one list() per kind × region × platform (excluded
 * kinds never called), names joined in memory, then NAS usage and server metrics. A failed call
 * is reported and the rest goes on.
 */
export async function collectCustomer(input: CollectInput): Promise<Collected> {
  const { customer, period } = input;
  const collected: Collected = {
    customer,
    period,
    resources: [],
    metrics: [],
    nasUsage: [],
    failures: [],
    answered: 0,
    incomplete: new Set(),
  };
  const fail = async (failure: ApiFailure) => {
    collected.failures.push(failure);
    await input.onFailure(failure);
  };
  const regions = await regionsOf(input, fail);
  const kinds = KINDS.filter((k) => !customer.exclude.includes(k.name));
  // Without a platform's regions its resources are unknown, not gone: no kind is compared then.
  if (collected.failures.some((f) => f.kind === 'regions'))
    for (const k of kinds) collected.incomplete.add(k.name);
  const tasks = regions.flatMap((at) =>
    kinds.filter((k) => endpointOf(k, at.platform)).map((kind) => ({ at, kind })),
  );
  await eachLimit(tasks, CALLS_PER_CUSTOMER, async ({ at, kind }) => {
    try {
      collected.resources.push(...(await listKind(input, at, kind)));
      collected.answered++;
    } catch (err) {
      collected.incomplete.add(kind.name);
      const endpoint = endpointOf(kind, at.platform);
      await fail(
        failureOf(err, {
          customer: customer.id,
          kind: kind.name,
          platform: at.platform,
          region: at.region.regionCode,
          path: endpoint?.path ?? '',
        }),
      );
    }
  });
  joinNames(collected.resources);
  const context = { ...input, regions, collected, fail };
  if (kinds.some((k) => k.name === 'nas')) await collectNasUsage(context);
  if (input.options.metrics && kinds.some((k) => k.name === 'server')) await collectMetrics(context);
  return collected;
}

/** The customer's regions on each of its platforms (the configured subset when there is one). */
async function regionsOf(
  input: CollectInput,
  fail: (failure: ApiFailure) => Promise<void>,
): Promise<PlatformRegion[]> {
  const { client, customer } = input;
  const result: PlatformRegion[] = [];
  for (const platform of customer.platforms) {
    try {
      const all = await client.regions({ ...accountOf(customer), platform });
      const wanted = customer.regions;
      for (const region of all) {
        if (!wanted || wanted.includes(region.regionCode)) result.push({ platform, region });
      }
    } catch (err) {
      const path = platform === 'vpc' ? '/vserver/v2/getRegionList' : '/server/v2/getRegionList';
      await fail(failureOf(err, { customer: customer.id, kind: 'regions', platform, path }));
    }
  }
  return result;
}

async function listKind(input: CollectInput, at: PlatformRegion, kind: Kind): Promise<Resource[]> {
  const endpoint = endpointOf(kind, at.platform);
  if (!endpoint) return [];
  const { items } = await input.client.list<Item>({
    ...accountOf(input.customer),
    path: endpoint.path,
    listKey: endpoint.listKey,
    params: { ...regionParam(at), ...endpoint.params },
  });
  return items.map((item) => ({
    kind: kind.name,
    platform: at.platform,
    region: at.region.regionCode,
    id: text(item, ...kind.id) ?? '',
    name: text(item, ...kind.label),
    status: text(item, ...kind.status),
    columns: Object.fromEntries(kind.columns.map((c) => [c.column, c.value(item)])),
    item,
  }));
}
