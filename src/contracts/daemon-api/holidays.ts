import { z } from 'zod';

/**
 * The holiday-provider methods of the app API: `holiday.diff` (what the configured providers say
 * that the calendar does not) and `holiday.add` (a curated closure, as `opsbot holiday add`).
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date');

export const holidayDiffArgs = z.strictObject({
  from: day,
  to: day,
  /** Default: every exchange a provider covers. */
  exchanges: z.array(z.string().min(1)).optional(),
});

const added = z.object({ exchange: z.string(), date: z.string(), name: z.string(), source: z.string() });
const removed = z.object({ exchange: z.string(), date: z.string(), name: z.string() });
const renamed = z.object({
  exchange: z.string(),
  date: z.string(),
  from: z.string(),
  to: z.string(),
  source: z.string(),
});

/** `exchanges: null` when no provider is configured at all. */
export const holidayDiffReport = z.object({
  exchanges: z
    .array(
      z.object({
        exchange: z.string(),
        added: z.array(added),
        removed: z.array(removed),
        renamed: z.array(renamed),
      }),
    )
    .nullable(),
});

export type HolidayDiffArgs = z.input<typeof holidayDiffArgs>;
export type HolidayDiffReport = { exchanges: NonNullable<z.output<typeof holidayDiffReport>['exchanges']> };
export type HolidayDiff = HolidayDiffReport['exchanges'][number];

export const holidayAddArgs = z.strictObject({
  exchange: z.string().min(1),
  date: day,
  name: z.string().min(1),
  /** Who suggested it (a provider's name); recorded as the entry's source. */
  source: z.string().min(1).default('app'),
});
export type HolidayAddArgs = z.input<typeof holidayAddArgs>;
