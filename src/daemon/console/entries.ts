import type { z } from 'zod';
import type { inboxEntry, messagePreview, outboxEntry } from '../../contracts/daemon-api/console.ts';
import type { InboundEvent } from '../../contracts/inbound.ts';
import { SECRET_KEY } from '../../platform/config/secret-fields.ts';
import { secretRedactor } from '../../platform/redact.ts';
import type { InboxDelivery, InboxRecord, OutboxItem } from '../../platform/store/types.ts';

type Preview = z.output<typeof messagePreview>;
const MASK = '[redacted]';

/**
 * How the console shows stored outbox items and inbox events. Payloads come from apps and from
 * external services, so nothing is trusted to be well-formed and every string is scrubbed of the
 * config's secrets before it leaves the daemon.
 */

export function outboxEntryOf(item: OutboxItem): z.output<typeof outboxEntry> {
  const entry: z.output<typeof outboxEntry> = {
    id: item.id,
    app: item.app,
    target: item.target,
    connection: item.connection,
    destination: item.destination,
    kind: item.kind,
    status: item.status,
    attempts: item.attempts,
    createdAt: item.createdAt,
    nextAttemptAt: item.nextAttemptAt,
    deliveredAt: item.deliveredAt,
    lastError: item.lastError === null ? null : secretRedactor.redact(item.lastError),
    preview: previewOf(item),
  };
  if (item.kind === 'native') entry.native = masked(item.payload);
  return entry;
}

function previewOf(item: OutboxItem): Preview | null {
  const payload = record(item.payload);
  if (!payload) return null;
  if (item.kind === 'form') {
    const form = record(payload.form);
    if (!form) return null;
    return { title: clean(form.title), text: clean(form.text) ?? '' };
  }
  if (item.kind !== 'portable') return null;
  const preview: Preview = { text: clean(payload.text) ?? '' };
  const title = clean(payload.title);
  if (title !== undefined) preview.title = title;
  const severity = clean(payload.severity);
  if (severity !== undefined) preview.severity = severity;
  if (Array.isArray(payload.fields))
    preview.fields = payload.fields.map(record).map((f) => ({
      name: clean(f?.name) ?? '',
      value: clean(f?.value) ?? '',
    }));
  if (Array.isArray(payload.links))
    preview.links = payload.links.map(record).map((l) => ({
      label: clean(l?.label) ?? '',
      url: clean(l?.url) ?? '',
    }));
  return preview;
}

/** A native payload with secret values and credential-like keys masked. */
export function masked(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return SECRET_KEY.test(key) ? MASK : secretRedactor.redact(value);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => masked(v, key, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? MASK : masked(v, k, depth + 1)]),
  );
}

export function inboxEntryOf(record_: InboxRecord, deliveries: InboxDelivery[]): z.output<typeof inboxEntry> {
  return {
    id: record_.id,
    connection: record_.connection,
    receivedAt: record_.receivedAt,
    status: record_.status,
    summary: summaryOf(record(record_.payload) as Partial<InboundEvent> | undefined),
    deliveries: deliveries.map((d) => ({ app: d.app, status: d.status, attempts: d.attempts })),
  };
}

const SUMMARY_MAX = 200;

/** "alice: hello" for a message, "alice: postback approve" for a button, the type otherwise. */
function summaryOf(event: Partial<InboundEvent> | undefined): string {
  if (!event) return '(unreadable event)';
  const user = clean(event.user) ?? '?';
  const type = clean(event.type) ?? 'event';
  const what = event.form
    ? `form ${clean(event.form.formId) ?? ''} ${event.form.outcome ?? ''}`.trim()
    : (clean(event.text) ?? (event.data !== undefined ? `${type} ${clean(event.data)}` : type));
  const line = `${user}: ${what}`;
  return line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX - 1)}…` : line;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function clean(value: unknown): string | undefined {
  if (typeof value === 'string') return secretRedactor.redact(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
