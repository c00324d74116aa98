import { z } from 'zod';
import { FORM_FIELD_TYPES } from '../forms.ts';

/**
 * The portable form as an app sends it over IPC: checked before the daemon stores or renders it
 * (engine/forms/schema.ts), and by `opsbot/testing`, so an app's tests refuse what the daemon would.
 */
const formValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const formField = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1-64 of A-Z a-z 0-9 _ -'),
    type: z.enum(FORM_FIELD_TYPES),
    label: z.string().min(1).max(200),
    placeholder: z.string().max(200).optional(),
    default: formValue.optional(),
    required: z.boolean().optional(),
    choices: z
      .array(z.strictObject({ value: z.string(), label: z.string() }))
      .max(100)
      .optional(),
    hint: z.string().max(500).optional(),
  })
  .superRefine((f, ctx) => {
    const choosing = f.type === 'select' || f.type === 'multi-select';
    if (choosing && !f.choices?.length) ctx.addIssue({ code: 'custom', message: `${f.type} needs choices` });
    if (f.type === 'secret' && f.default !== undefined)
      ctx.addIssue({ code: 'custom', message: 'a secret field cannot have a default' });
  });

export const portableForm = z.strictObject({
  title: z.string().min(1).max(200),
  text: z.string().max(2000).optional(),
  fields: z
    .array(formField)
    .min(1, 'a form needs at least one field')
    .max(30)
    .refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, 'field names must be unique'),
  submitLabel: z.string().min(1).max(40).optional(),
});

/** Why a form is refused ("fields.0.name use 1-64 of …"), or null when it is fine. */
export function formProblem(input: unknown): string | null {
  const parsed = portableForm.safeParse(input);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') || '(form)'} ${issue?.message}`;
}

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
