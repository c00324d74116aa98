/** The public SDK: the only module apps import (as 'opsbot'). */
import type { z as zod } from 'zod';
import type { FormFieldSpec, FormSpec } from './forms.ts';
import { APP_MARK, type AppDefinition, type DefinedApp } from './types.ts';

export type { Kysely } from 'kysely';
export { z } from 'zod';
export type { MessageField, MessageLink, PortableMessage, Severity } from '../contracts/message.ts';
// Helpers for apps that call HTTP APIs themselves, the same ones the connectors use.
export { type BackoffOptions, retryDelay } from '../platform/backoff.ts';
export { addDays, localDate, localDateTime } from '../platform/dates.ts';
export { collectPages, type Page, type PageOptions } from '../platform/paging.ts';
export { parseRetryAfter, rateLimitDelay } from '../platform/retry-after.ts';
export { ConversationCancelled, ConversationEnded, ConversationTimedOut } from './conversation/errors.ts';
export { sql } from './sql.ts';
export type * from './types.ts';

/** Declares an app. The object is returned as-is, marked so the host can tell it from other exports. */
export function defineApp<S extends zod.ZodType = zod.ZodObject<Record<string, never>>>(
  definition: AppDefinition<S>,
): DefinedApp<S> {
  return Object.assign(definition, { [APP_MARK]: true as const });
}

/**
 * Declares a form spec outside a ctx.form call with its field names and types kept, so `validate`
 * and the answers are typed (`answers.day` is a string, `answers.count` a number).
 */
export function defineForm<const Fs extends readonly FormFieldSpec[]>(form: FormSpec<Fs>): FormSpec<Fs> {
  return form;
}

export function isDefinedApp(value: unknown): value is DefinedApp {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[APP_MARK] === true;
}
