import type { FormChoice, FormErrors, FormFieldType, FormSubmission, FormValue } from '../contracts/forms.ts';
import type { PortableMessage } from '../contracts/message.ts';

/**
 * The app-facing side of portable forms: the field spec with typed answers, and the registrations
 * `ctx.form` / `ctx.onForm` leave for the host to dispatch validate and submit to.
 */

/** A field as an app writes it (readonly arrays, so `defineForm` and `as const` specs fit). */
export interface FormFieldSpec {
  name: string;
  type: FormFieldType;
  label: string;
  placeholder?: string;
  default?: FormValue | readonly string[];
  required?: boolean;
  choices?: readonly FormChoice[];
  hint?: string;
}

type ValueOf<F> = F extends { type: 'number' }
  ? number
  : F extends { type: 'checkbox' }
    ? boolean
    : F extends { type: 'multi-select' }
      ? string[]
      : string;

/** Answers by field name: checkbox and multi-select always have a value, others when required or given. */
export type FormAnswers<Fs extends readonly FormFieldSpec[]> = {
  [F in Fs[number] as F['name']]: F extends { type: 'checkbox' | 'multi-select' } | { required: true }
    ? ValueOf<F>
    : ValueOf<F> | undefined;
};

export interface FormSpec<Fs extends readonly FormFieldSpec[] = readonly FormFieldSpec[]> {
  title: string;
  text?: string;
  fields: Fs;
  /** Default "제출". */
  submitLabel?: string;
  /**
   * Names this kind of form so `ctx.onForm(key, handler)` receives its answers, also after the app
   * restarted between sending the form and the person submitting it.
   */
  key?: string;
  /** How long the form can be answered, in ms (default 24 h). */
  ttl?: number;
  /**
   * Send a link to the signed single-use page even where the messenger shows forms itself: there a
   * `secret` field is a masked password input (a Slack modal cannot mask one). Needs http.publicUrl.
   */
  page?: boolean;
  /** Per-field messages shown beside the fields; return null or {} when the answers are fine. */
  validate?(answers: FormAnswers<Fs>): ValidateResult | Promise<ValidateResult>;
}

/** Who answered and where, with a reply helper, for ctx.onForm handlers. */
export interface FormReplyInfo {
  formId: string;
  key?: string;
  user: string;
  replyTo: string;
  submittedAt: number;
  reply(message: string | PortableMessage): Promise<void>;
}

export type FormHandler<Fs extends readonly FormFieldSpec[] = readonly FormFieldSpec[]> = (
  answers: FormAnswers<Fs>,
  from: FormReplyInfo,
) => Promise<void> | void;

/** Messages by field name (undefined = that field is fine), or null/undefined when all are. */
export type ValidateResult = Record<string, string | undefined> | null | undefined;

type AnyValidate = (answers: never) => ValidateResult | Promise<ValidateResult>;

export interface FormRegistrations {
  /** formId → a `ctx.form` call still awaiting its answer in this process. */
  waiting: Map<
    string,
    { validate?: AnyValidate; resolve(values: unknown): void; reject(err: Error): void; cancel(): void }
  >;
  /** form key → the ctx.onForm handler (and the validate of the form it was registered with). */
  handlers: Map<string, { validate?: AnyValidate; handler: FormHandler }>;
}

/** Runs the app's validate for a submission: the awaiting call's, else the key handler's. */
export async function validateForm(reg: FormRegistrations, s: FormSubmission): Promise<FormErrors | null> {
  const validate =
    reg.waiting.get(s.formId)?.validate ?? (s.key ? reg.handlers.get(s.key)?.validate : undefined);
  if (!validate) return null;
  const result = await validate(s.values as never);
  const errors = Object.fromEntries(
    Object.entries(result ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    ),
  );
  return Object.keys(errors).length > 0 ? errors : null;
}

/**
 * Hands answers to every live receiver: the awaiting `ctx.form` call (same process only) and the
 * key's `ctx.onForm` handler. Returns whether anyone took them.
 */
export async function submitForm(
  reg: FormRegistrations,
  s: FormSubmission,
  reply: (message: string | PortableMessage) => Promise<void>,
): Promise<boolean> {
  const waiter = reg.waiting.get(s.formId);
  const keyed = s.key ? reg.handlers.get(s.key) : undefined;
  if (waiter) {
    reg.waiting.delete(s.formId);
    waiter.cancel();
    waiter.resolve(s.values);
  }
  if (keyed) {
    const { formId, key, user, replyTo, submittedAt } = s;
    await keyed.handler(s.values as never, {
      formId,
      ...(key ? { key } : {}),
      user,
      replyTo,
      submittedAt,
      reply,
    });
  }
  return Boolean(waiter || keyed);
}
