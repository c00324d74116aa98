/**
 * Portable forms: an app asks a person for structured input once, and every messenger shows it
 * natively (a Slack modal, a Webex card, an HTML form on the sandbox page) or, where the platform
 * has no forms (NAVER WORKS), as a button that opens a signed single-use page under /forms/.
 * A field's `name` is its id on every platform (Slack block_id and action_id, Webex input id).
 */

export const FORM_FIELD_TYPES = [
  'text',
  'multiline',
  'number',
  'date',
  'month',
  'time',
  'select',
  'multi-select',
  'checkbox',
  'secret',
] as const;

export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export interface FormChoice {
  value: string;
  label: string;
}

/** A value as the app gets it: text/date/month/time/select/secret → string, number → number, checkbox → boolean, multi-select → string[]. */
export type FormValue = string | number | boolean | string[];

export interface FormField {
  /** The field's id everywhere: answers, errors and the platform's own input ids. [A-Za-z0-9_-], ≤ 64. */
  name: string;
  type: FormFieldType;
  label: string;
  placeholder?: string;
  default?: FormValue;
  required?: boolean;
  /** Choices of a select or multi-select. */
  choices?: FormChoice[];
  /** A line of help under the field. */
  hint?: string;
}

/** What a person is asked: serialisable, so it crosses IPC and is stored with the form. */
export interface PortableForm {
  title: string;
  /** Text above the fields. */
  text?: string;
  fields: FormField[];
  /** Label of the submit button (default "Submit" / "제출"). */
  submitLabel?: string;
}

export type FormValues = Record<string, FormValue | undefined>;

/** Per-field messages shown beside the field; null or {} when the answers are fine. */
export type FormErrors = Record<string, string>;

/**
 * The outbound payload of kind 'form' a connector with the `forms` capability renders. `url` is the
 * signed page (gateway /forms/<token>) for connectors whose platform has no native forms, and for
 * every connector when the app asked for the page (FormOpenRequest.page): a delivery with a `url`
 * is shown as a button to it.
 */
export interface FormDelivery {
  formId: string;
  form: PortableForm;
  url?: string;
  /** Epoch ms after which a submit is refused. */
  expiresAt: number;
  /** Who asked for it, as the platform names them: Slack opens a modal for that person. */
  user?: string;
}

/** The submit label when a form names none: the people using opsbot read Korean. */
export const DEFAULT_SUBMIT_LABEL = '제출';

/** How long a form stays answerable when the app does not say (24 hours). */
export const DEFAULT_FORM_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * One person's answers to one form, as the daemon hands them to the owning app (in memory, over
 * IPC). Secret values are in `values` here and nowhere else: the store keeps them cut out.
 */
export interface FormSubmission {
  formId: string;
  /** The form's `key`, when the app gave one (what `ctx.onForm(key, …)` matches after a restart). */
  key?: string;
  /** The person, as the platform names them ("u1", "mina"). */
  user: string;
  /** Where the form was sent: answer there. */
  replyTo: string;
  values: FormValues;
  submittedAt: number;
}

/** What an app sends when it opens a form (the `ctx.form` IPC call). */
export interface FormOpenRequest {
  /** Chosen by the app, so it can wait for the answer before the form is even sent. */
  formId: string;
  target: string;
  form: PortableForm;
  key?: string;
  /** Milliseconds the form stays answerable (default DEFAULT_FORM_TTL_MS). */
  ttlMs?: number;
  /**
   * Send a link to the signed page even where the messenger has native forms (a Slack modal cannot
   * mask a password; the page's `secret` field is a real password input). Needs http.publicUrl.
   */
  page?: boolean;
}
