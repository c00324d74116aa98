import { eachLimit } from '../shared/each-limit.ts';
import { type Item, text } from './kinds.ts';
import { failureOf, type NasUsageRow } from './model.ts';
import { offsetText } from './period.ts';
import { accountOf, regionParam, type StepContext } from './step.ts';

const RATING = {
  vpc: '/vnas/v2/getNasVolumeInstanceRatingList',
  classic: '/server/v2/getNasVolumeInstanceRatingList',
} as const;

/**
 * Daily usage of each NAS volume over the period, from the rating list (Cloud Insight does not have
 * it). The API takes one volume per call, so this is one call per volume, nothing more.
 */
export async function collectNasUsage(step: StepContext): Promise<void> {
  const { collected, customer, period } = step;
  const volumes = collected.resources.filter((r) => r.kind === 'nas');
  await eachLimit(volumes, 4, async (volume) => {
    const at = step.regions.find(
      (r) => r.platform === volume.platform && r.region.regionCode === volume.region,
    );
    if (!at) return;
    const path = RATING[volume.platform];
    try {
      const answer = await step.client.call({
        ...accountOf(customer),
        path,
        params: {
          ...regionParam(at),
          nasVolumeInstanceNo: volume.id,
          startTime: ncpTime(period.startDate, period.start, period.timezone),
          endTime: ncpTime(period.endDate, period.end, period.timezone),
          interval: '1d',
        },
      });
      const items = Array.isArray(answer.nasVolumeInstanceRatingList)
        ? (answer.nasVolumeInstanceRatingList as Item[])
        : [];
      collected.nasUsage.push(...items.map((item) => usageRow(volume, item)));
    } catch (err) {
      const where = {
        customer: customer.id,
        kind: 'nas-usage',
        platform: volume.platform,
        region: volume.region,
        path,
      };
      await step.fail(failureOf(err, where));
    }
  });
}

function usageRow(
  volume: { platform: NasUsageRow['platform']; region: string; id: string; name: string | null },
  item: Item,
): NasUsageRow {
  const num = (key: string) => (item[key] === undefined || item[key] === null ? null : Number(item[key]));
  return {
    platform: volume.platform,
    region: volume.region,
    nasId: volume.id,
    nasName: volume.name,
    ratingTime: text(item, 'ratingTime'),
    volumeSize: num('volumeSize'),
    useSize: num('volumeUseSize'),
    useRatio: num('volumeUseRatio'),
    item,
  };
}

/** `2026-11-01T00:00:00+0900`: the format NCP's rating list takes, in the customer's timezone. */
function ncpTime(date: string, ms: number, timezone: string): string {
  return `${date}T00:00:00${offsetText(ms, timezone)}`;
}
