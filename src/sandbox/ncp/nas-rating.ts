/** `getNasVolumeInstanceRatingList`: NAS usage history (reference A2.3), one row per interval. */
import { hash01 } from './fake.ts';
import { badParameter, standardError } from './replies.ts';
import type { Reply } from './types.ts';

/** Interval names (only `1d` is seen in the MSP code; the others are UNCONFIRMED). */
const INTERVALS: Record<string, number> = {
  '5m': 300_000,
  '30m': 1_800_000,
  '2h': 7_200_000,
  '1d': 86_400_000,
};
const MAX_ROWS = 5000;
const TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-])(\d{2})(\d{2})$/;

/** `2026-11-01T00:00:00+0000` (the docs' format, URL-encoded by the client) → epoch ms. */
function parseTime(value: string | null): number | undefined {
  const m = value === null ? null : TIME.exec(value);
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}${m[2]}${m[3]}:${m[4]}`);
  return Number.isNaN(ms) ? undefined : ms;
}

const formatTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+0000`;

/** The rows for one volume, or an error reply for bad parameters / an unknown volume. */
export function nasRatings(
  params: URLSearchParams,
  volumes: Record<string, unknown>[],
): { rows: Record<string, unknown>[] } | Reply {
  const no = params.get('nasVolumeInstanceNo');
  if (no === null || no === '') return badParameter('nasVolumeInstanceNo', 'nasVolumeInstanceNo is required');
  const start = parseTime(params.get('startTime'));
  const end = parseTime(params.get('endTime'));
  if (start === undefined) return badParameter('startTime', 'startTime must be yyyy-MM-ddTHH:mm:ss+0000');
  if (end === undefined) return badParameter('endTime', 'endTime must be yyyy-MM-ddTHH:mm:ss+0000');
  if (end <= start) return badParameter('endTime', 'endTime must be after startTime');
  const interval = params.get('interval') ?? '';
  const step = INTERVALS[interval];
  if (step === undefined)
    return badParameter('interval', `interval must be one of ${Object.keys(INTERVALS).join(', ')}`);
  if ((end - start) / step > MAX_ROWS) return badParameter('interval', `at most ${MAX_ROWS} rows per call`);
  const volume = volumes.find((v) => v['nasVolumeInstanceNo'] === no);
  if (volume === undefined) {
    return standardError('NotFound', `NAS volume ${no} not found`, [
      { field: 'nasVolumeInstanceNo', message: 'not found' },
    ]);
  }
  const size = Number(volume['volumeSize']);
  const rows: Record<string, unknown>[] = [];
  for (let t = start; t < end; t += step) rows.push(ratingRow(no, size, t));
  return { rows };
}

function ratingRow(no: string, size: number, t: number): Record<string, unknown> {
  const ratio = Math.round(hash01(`${no}|${t}`) * 9000) / 100;
  const used = Math.floor((size * ratio) / 100);
  const low = Math.max(0, ratio - 5);
  const high = Math.min(100, ratio + 5);
  return {
    ratingTime: formatTime(t),
    volumeSize: size,
    volumeUseSize: used,
    volumeUseRatio: ratio,
    averageVolumeSize: size,
    averageVolumeUseSize: used,
    averageVolumeUseRatio: ratio,
    maxVolumeUseSize: Math.floor((size * high) / 100),
    maxVolumeUseRatio: high,
    minVolumeUseSize: Math.floor((size * low) / 100),
    minVolumeUseRatio: low,
    snapshotVolumeSize: 0,
    snapshotVolumeUseSize: 0,
    snapshotVolumeUseRatio: 0,
  };
}
