import type { FormErrors, FormField, FormValue, FormValues, PortableForm } from '../../contracts/forms.ts';

/**
 * Reads a submission (the page's urlencoded body, or the sandbox page's JSON) into typed values and
 * the checks every platform gets for free: required, number, date/month/time shape, known choices.
 * The app's own `validate` runs after these pass.
 */

export const REQUIRED_MESSAGE = '필수 항목입니다.';

const SHAPES: Partial<Record<FormField['type'], { re: RegExp; message: string }>> = {
  date: { re: /^\d{4}-\d{2}-\d{2}$/, message: '날짜를 YYYY-MM-DD 형식으로 입력하세요.' },
  month: { re: /^\d{4}-\d{2}$/, message: '월을 YYYY-MM 형식으로 입력하세요.' },
  time: { re: /^\d{2}:\d{2}$/, message: '시간을 HH:MM 형식으로 입력하세요.' },
};

/** Raw input: every field name maps to the strings sent for it (several for a multi-select). */
export type RawInput = Map<string, string[]>;

export function rawFromUrlEncoded(body: string): RawInput {
  const raw: RawInput = new Map();
  for (const [name, value] of new URLSearchParams(body)) raw.set(name, [...(raw.get(name) ?? []), value]);
  return raw;
}

export function rawFromJson(values: Record<string, unknown>): RawInput {
  const raw: RawInput = new Map();
  for (const [name, value] of Object.entries(values)) {
    const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    raw.set(
      name,
      list.map((v) => (typeof v === 'boolean' ? (v ? 'on' : '') : String(v))),
    );
  }
  return raw;
}

function readField(field: FormField, given: string[]): { value?: FormValue; error?: string } {
  const first = (given[0] ?? '').trim();
  const choices = new Set((field.choices ?? []).map((c) => c.value));
  switch (field.type) {
    case 'checkbox': {
      const on = given.some((v) => v === 'on' || v === 'true' || v === '1');
      return field.required && !on ? { value: false, error: REQUIRED_MESSAGE } : { value: on };
    }
    case 'multi-select': {
      const picked = given.filter((v) => v !== '');
      if (picked.some((v) => !choices.has(v))) return { error: '목록에 있는 항목을 고르세요.' };
      return field.required && picked.length === 0 ? { error: REQUIRED_MESSAGE } : { value: picked };
    }
    default:
      break;
  }
  // Secrets keep their spaces: a password may start or end with one.
  const text = field.type === 'secret' || field.type === 'multiline' ? (given[0] ?? '') : first;
  if (text === '') return field.required ? { error: REQUIRED_MESSAGE } : {};
  if (field.type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? { value: n } : { error: '숫자를 입력하세요.' };
  }
  if (field.type === 'select' && !choices.has(text)) return { error: '목록에 있는 항목을 고르세요.' };
  const shape = SHAPES[field.type];
  if (shape && !shape.re.test(text)) return { error: shape.message };
  return { value: text };
}

export function readValues(form: PortableForm, raw: RawInput): { values: FormValues; errors: FormErrors } {
  const values: FormValues = {};
  const errors: FormErrors = {};
  for (const field of form.fields) {
    const { value, error } = readField(field, raw.get(field.name) ?? []);
    if (value !== undefined) values[field.name] = value;
    if (error) errors[field.name] = error;
  }
  return { values, errors };
}

/** The answers without secret fields: what may be stored, logged or shown again. */
export function withoutSecrets(form: PortableForm, values: FormValues): FormValues {
  const secret = new Set(form.fields.filter((f) => f.type === 'secret').map((f) => f.name));
  return Object.fromEntries(Object.entries(values).filter(([name]) => !secret.has(name)));
}

/** Keeps only per-field messages for fields the form has (an app's typo must not break the page). */
export function cleanErrors(form: PortableForm, errors: unknown): FormErrors {
  if (!errors || typeof errors !== 'object') return {};
  const names = new Set(form.fields.map((f) => f.name));
  const out: FormErrors = {};
  for (const [name, message] of Object.entries(errors as Record<string, unknown>)) {
    if (typeof message !== 'string' || message === '') continue;
    out[names.has(name) ? name : (form.fields[0]?.name ?? name)] = message;
  }
  return out;
}
