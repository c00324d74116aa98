import { z } from 'zod';
import type { CalendarApi } from '../calendar.ts';
import { SEVERITIES } from '../message.ts';
import type { MethodSpec } from './api.ts';
import { appDatabaseLocation, formOpened, formOpenRequest } from './forms.ts';
import { holidayAddArgs, holidayDiffArgs, holidayDiffReport } from './holidays.ts';

/**
 * The app API: what an app's process asks the daemon over Node IPC (`{ t: 'call', method, args }`).
 * Arguments are tuples, in the order of the SDK function each method stands for, so the wire stays
 * the positional `args: unknown[]` it always was. The daemon adds the calling app's name.
 */

/** What an app may send as a portable message; checked before it reaches the outbox. */
export const portableMessage = z.strictObject({
  title: z.string().optional(),
  text: z.string(),
  severity: z.enum(SEVERITIES as [string, ...string[]]).optional(),
  fields: z
    .array(z.strictObject({ name: z.string(), value: z.string(), inline: z.boolean().optional() }))
    .optional(),
  links: z.array(z.strictObject({ label: z.string(), url: z.string() })).optional(),
});

/** Every CalendarApi method an app may call; `satisfies` keeps the list in step with the interface. */
export const CALENDAR_FUNCTIONS = [
  'isClosed',
  'closedToday',
  'isTradingDay',
  'closures',
  'session',
  'nextTradingDay',
  'previousTradingDay',
  'lastTradingDayOfMonth',
  'tradingDaysBefore',
  'exchanges',
] as const satisfies ReadonlyArray<keyof CalendarApi>;

const key = z.string().min(1, 'a key must not be empty');

/**
 * The payload of `enqueue` with kind 'batch' (ctx.notifyMany, ctx.store.write): many messages and
 * the app's own state changes, stored in one transaction. It rides `enqueue` so that every app host
 * already carries it (the host passes target, kind and payload through as they are).
 */
export const enqueueBatch = z.strictObject({
  messages: z.array(
    z.strictObject({
      target: z.string().min(1, 'give a target'),
      kind: z.enum(['portable', 'native']),
      payload: z.unknown(),
    }),
  ),
  set: z.array(z.strictObject({ key, value: z.unknown() })).optional(),
  delete: z.array(key).optional(),
});
export type EnqueueBatch = z.input<typeof enqueueBatch>;

export { BATCH_TARGET } from './batch-target.ts';

const connectionInfo = z.object({ name: z.string(), type: z.string() });

export const appApi = {
  'kv.get': { args: z.tuple([key]), result: z.unknown() },
  'kv.set': { args: z.tuple([key, z.unknown()]), result: z.void() },
  'kv.delete': { args: z.tuple([key]), result: z.boolean() },
  'kv.list': {
    args: z.tuple([z.string().optional()]),
    result: z.array(z.object({ key: z.string(), value: z.unknown() })),
  },
  /**
   * [target, kind, payload]: a portable payload is checked by the daemon with `portableMessage`.
   * Kind 'batch' ([BATCH_TARGET, 'batch', EnqueueBatch]) answers `ids` of every stored message, in
   * order, and `failed`: the messages left out (bad target or message), by index.
   */
  enqueue: {
    args: z.tuple([z.string().min(1, 'give a target'), z.enum(['portable', 'native', 'batch']), z.unknown()]),
    result: z.object({
      ids: z.array(z.string()),
      failed: z.array(z.object({ index: z.number(), error: z.string() })).optional(),
    }),
  },
  /** [function, its arguments]. */
  calendar: { args: z.tuple([z.enum(CALENDAR_FUNCTIONS), z.array(z.unknown())]), result: z.unknown() },
  /** [connection, dotted client method, its arguments]. */
  connector: {
    args: z.tuple([z.string().min(1), z.string().min(1), z.array(z.unknown())]),
    result: z.unknown(),
  },
  connections: { args: z.tuple([z.string().optional()]), result: z.array(connectionInfo) },
  /** Where the app's own database lives; asked once at start by apps that declare migrations. */
  'db.location': { args: z.tuple([]), result: appDatabaseLocation },
  /** [request]: the daemon stores the form and sends it through the outbox. */
  'form.open': { args: z.tuple([formOpenRequest]), result: formOpened },
  /** [range]: what the configured holiday providers say that the calendar does not (ctx.holidays.diff). */
  'holiday.diff': { args: z.tuple([holidayDiffArgs]), result: holidayDiffReport },
  /** [closure]: a curated closure, as `opsbot holiday add` (ctx.holidays.add). */
  'holiday.add': { args: z.tuple([holidayAddArgs]), result: z.object({ replaced: z.boolean() }) },
} satisfies Record<string, MethodSpec>;

export type AppApi = typeof appApi;
export type AppMethod = keyof AppApi;
