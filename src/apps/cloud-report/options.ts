import { z } from 'opsbot';
import type { NcpPlatform } from 'opsbot/connectors/ncp';
import { KIND_NAMES } from './kinds.ts';
import { periodProblem } from './period.ts';

/** Customer ids become folder and file names, so they stay plain. */
export const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA timezone, e.g. Asia/Seoul' },
);

const platforms = z
  .array(z.enum(['vpc', 'classic']))
  .min(1)
  .default(['vpc', 'classic'] as NcpPlatform[]);

const customer = z.strictObject({
  id: z.string().regex(CUSTOMER_ID, 'letters, digits, "_", "-" and "." (a folder name)'),
  name: z.string().min(1).optional(),
  /** An `ncp` connection; one with `customersFromVault: true` signs for `id` with the vault's keys. */
  connection: z.string().min(1),
  platforms,
  /** Region codes (KR, SGN, JPN…); default every region getRegionList returns. */
  regions: z.array(z.string().min(1)).min(1).optional(),
  exclude: z.array(z.enum(KIND_NAMES)).default([]),
  timezone: timezone.default('Asia/Seoul'),
});

/** `last-month` | `last-week` | `month-from-day:20` | `{ month-from-day: 20 }` | `YYYY-MM` | `YYYY-MM-DD..YYYY-MM-DD`. */
const period = z
  .union([
    z.string(),
    z
      .strictObject({ 'month-from-day': z.number().int() })
      .transform((o) => `month-from-day:${o['month-from-day']}`),
  ])
  .superRefine((value, check) => {
    const problem = periodProblem(value);
    if (problem) check.addIssue({ code: 'custom', message: problem });
  });

const productKeys = z.strictObject({ public: z.string().min(1), gov: z.string().min(1) });

/** `with:` of builtin:cloud-report (docs/cloud-report.md). */
export const options = z
  .strictObject({
    /** Where API-error cards and the run summary go. */
    target: z.string().min(1),
    customers: z.array(customer).default([]),
    /** `ncp` connections with `customersFromVault: true`: every customer they list is reported. */
    discover: z.array(z.string().min(1)).default([]),
    period: period.default('last-month'),
    /** Report only these customer ids (`--set only=[acme]`). */
    only: z.array(z.string().min(1)).optional(),
    /** Customers collected at the same time. */
    concurrency: z.number().int().min(1).max(64).default(4),
    metrics: z.boolean().default(true),
    metricInterval: z.enum(['Min1', 'Min5', 'Min30', 'Hour2', 'Day1']).default('Day1'),
    /** Cloud Insight product keys of servers (A3 of the NCP notes); verify with the schema API. */
    metricKeys: z
      .strictObject({
        vpc: productKeys.default({ public: '460438474722512896', gov: '567435234753253376' }),
        classic: productKeys.default({ public: '769533687317532672', gov: '769530112713560064' }),
      })
      .prefault({}),
  })
  .refine((o) => o.customers.length > 0 || o.discover.length > 0, {
    message: 'name customers, or connections to discover them on (discover)',
  });

export type Options = z.output<typeof options>;
export type CustomerOptions = z.output<typeof customer>;
