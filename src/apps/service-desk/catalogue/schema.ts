import { z } from 'opsbot';
import { SERVICE_KINDS, type ServiceKind } from './types.ts';

// Extensions are compared against uploaded file names, so `.PPTX`, `pptx` and `.pptx` all mean `pptx`.
const extension = z
  .string()
  .min(1)
  .transform((e) => e.replace(/^\./, '').toLowerCase());

const formField = z.looseObject({
  name: z.string().min(1),
  type: z.string().min(1),
  label: z.string().min(1),
});

/**
 * The options each kind takes. Strict objects: a misspelt key in a hand-written catalogue
 * (`txt:` for `text:`) is an error rather than a silently missing option.
 */
export const KIND_OPTIONS = {
  'day-pick': z.strictObject({
    label: z.string().min(1).optional(),
    deadlineDay: z.number().int().min(1).max(31).optional(),
  }),
  'day-lookup': z.strictObject({}),
  'report-upload': z.strictObject({ extensions: z.array(extension).min(1).optional() }),
  reply: z.strictObject({ text: z.string().min(1) }),
  form: z.strictObject({
    form: z.looseObject({ title: z.string().min(1), fields: z.array(formField).min(1) }),
  }),
} satisfies Record<ServiceKind, z.ZodType>;

/** The keys every service has; everything else in the entry is the kind's options. */
export const serviceBase = z.object({
  name: z.string().trim().min(1),
  code: z.union([z.string().trim().min(1), z.number().int()]).transform(String),
  kind: z.enum(SERVICE_KINDS),
  synonyms: z.array(z.string().trim().min(1)).default([]),
});

export const BASE_KEYS = ['name', 'code', 'kind', 'synonyms'] as const;
