import { z } from 'zod';
import { FORM_FIELD_TYPES, type PortableForm } from '../../contracts/forms.ts';
import { OpsbotError } from '../../platform/errors.ts';

/** What an app may send as a form; checked in the daemon because it crossed a process boundary. */

const value = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const field = z
  .object({
    name: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'use 1-64 of a-z 0-9 _ -'),
    type: z.enum(FORM_FIELD_TYPES),
    label: z.string().min(1).max(200),
    placeholder: z.string().max(200).optional(),
    default: value.optional(),
    required: z.boolean().optional(),
    choices: z
      .array(z.object({ value: z.string(), label: z.string() }).strict())
      .max(100)
      .optional(),
    hint: z.string().max(500).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const choosing = f.type === 'select' || f.type === 'multi-select';
    if (choosing && !f.choices?.length) ctx.addIssue({ code: 'custom', message: `${f.type} needs choices` });
    if (f.type === 'secret' && f.default !== undefined)
      ctx.addIssue({ code: 'custom', message: 'a secret field cannot have a default' });
  });

export const portableFormSchema = z
  .object({
    title: z.string().min(1).max(200),
    text: z.string().max(2000).optional(),
    fields: z
      .array(field)
      .min(1)
      .max(30)
      .refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, 'field names must be unique'),
    submitLabel: z.string().min(1).max(40).optional(),
  })
  .strict();

export function parsePortableForm(input: unknown): PortableForm {
  const parsed = portableFormSchema.safeParse(input);
  if (parsed.success) return parsed.data as PortableForm;
  const issue = parsed.error.issues[0];
  throw new OpsbotError('FORM', `invalid form: ${issue?.path.join('.') || '(form)'} ${issue?.message}`);
}
