import { z } from 'zod';
import { FORM_FIELD_TYPES } from '../forms.ts';

/** The portable form as an app sends it over IPC: checked before the daemon stores or renders it. */
const formValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const formField = z.strictObject({
  name: z.string().regex(/^[a-z0-9_-]{1,64}$/i, 'a field name is [a-z0-9_-], at most 64 characters'),
  type: z.enum(FORM_FIELD_TYPES),
  label: z.string().min(1),
  placeholder: z.string().optional(),
  default: formValue.optional(),
  required: z.boolean().optional(),
  choices: z.array(z.strictObject({ value: z.string(), label: z.string() })).optional(),
  hint: z.string().optional(),
});

export const portableForm = z.strictObject({
  title: z.string().min(1),
  text: z.string().optional(),
  fields: z.array(formField).min(1, 'a form needs at least one field'),
  submitLabel: z.string().optional(),
});

/** FormOpenRequest (contracts/forms.ts) plus the person asked, when the form answers a message. */
export const formOpenRequest = z.strictObject({
  formId: z.string().min(1).max(128),
  target: z.string().min(1),
  form: portableForm,
  key: z.string().optional(),
  ttlMs: z.number().int().positive().optional(),
  page: z.boolean().optional(),
  user: z.string().optional(),
});

export const formOpened = z.object({ formId: z.string(), expiresAt: z.number() });

/** Where an app's own database lives (platform/store/app-database.ts AppDatabaseLocation). */
export const appDatabaseLocation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sqlite'), file: z.string() }),
  z.object({ kind: z.literal('postgres'), url: z.string(), schema: z.string() }),
]);
