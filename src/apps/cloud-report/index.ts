import { defineApp } from 'opsbot';
import { dryRunAware } from '../shared/dry-run.ts';
import { migrations } from './db.ts';
import { options } from './options.ts';
import { runReport } from './run.ts';

/**
 * builtin:cloud-report (seed 003, the old "MSP-NCP Monthly Report v2"): for every customer, the
 * NCP resources of VPC and Classic in every region they use, Cloud Insight metrics of their
 * servers and NAS usage, written as JSON files, rows of the app's database and one workbook per
 * customer (with what changed since the previous period). API errors go to the target as they
 * happen and the run goes on; it fails only when a whole customer did. See docs/cloud-report.md.
 */
export default defineApp({
  description: 'NCP resource and metric report per customer: JSON, database rows and a workbook',
  options,
  migrations,
  schedule: { cron: '0 1 1 * *', timezone: 'Asia/Seoul' },
  // A dry run collects and logs the counts; it writes no file or row and sends no message.
  dryRun: true,
  async run(ctx) {
    await runReport(dryRunAware(ctx));
  },
});
