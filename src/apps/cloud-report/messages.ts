import type { MessageField, PortableMessage, Severity } from 'opsbot';
import type { ApiFailure } from './model.ts';

/** The card for one failed NCP call: where it failed as fields, NCP's own message as the text. */
export function failureMessage(failure: ApiFailure, period: string): PortableMessage {
  const fields: MessageField[] = [
    { name: 'customer', value: failure.customer, inline: true },
    { name: 'platform', value: failure.platform ?? '-', inline: true },
    { name: 'kind', value: failure.kind, inline: true },
    { name: 'region', value: failure.region ?? '-', inline: true },
    { name: 'API path', value: failure.path },
    { name: 'NCP code', value: failure.code, inline: true },
    { name: 'period', value: period, inline: true },
  ];
  return { title: 'Cloud report: NCP API error', text: failure.message, severity: 'error', fields };
}

export interface RunSummary {
  periods: string[];
  customers: number;
  /** Customers none of whose calls answered (or that could not be resolved). */
  failedCustomers: string[];
  /** Customers with some failed calls. */
  partialCustomers: string[];
  resources: number;
  failures: number;
  durationMs: number;
  dryRun: boolean;
}

export function summaryMessage(summary: RunSummary): PortableMessage {
  const severity: Severity =
    summary.failedCustomers.length > 0 ? 'error' : summary.failures > 0 ? 'warning' : 'success';
  const outcome =
    summary.failedCustomers.length > 0
      ? `failed for ${summary.failedCustomers.join(', ')}`
      : summary.failures > 0
        ? `done with ${summary.failures} API error(s)`
        : 'done';
  const fields: MessageField[] = [
    { name: 'period', value: summary.periods.join(', ') || '-', inline: true },
    { name: 'customers', value: String(summary.customers), inline: true },
    { name: 'resources', value: String(summary.resources), inline: true },
    { name: 'errors', value: String(summary.failures), inline: true },
    { name: 'duration', value: duration(summary.durationMs), inline: true },
  ];
  if (summary.partialCustomers.length > 0) {
    fields.push({ name: 'customers with errors', value: summary.partialCustomers.join(', ') });
  }
  return { title: 'Cloud report', text: `Cloud report ${outcome}.`, severity, fields };
}

function duration(ms: number): string {
  // A short run is common (one customer, a few regions): "0s" would read as "nothing happened".
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}
