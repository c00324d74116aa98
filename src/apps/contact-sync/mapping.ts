/**
 * From people to Kakao customer-file records: Korean mobile numbers, and the `fields:` mapping
 * language of the options.
 *
 * Every source turns a person into attributes: `name`, `phone`, `company`, `email`, `tags` (a list),
 * `source`, plus whatever the source adds (CSV columns by header, `set:` constants). A field of the
 * customer file is then one of:
 *
 * - a template string, `'{name}'` or `'{company} {name}'`: each `{attr}` is replaced by the attribute
 *   (lists joined with ", ", missing ones by nothing). Type string. Empty after trimming → the field
 *   is left out for that person.
 * - `{ value: 3 }` or `{ value: '코라이즈' }`: the same value for everyone. Type from the value.
 * - `{ from: 'tags', map: { 'A사': 1, 'B사': 2 }, default?: 0 }`: looks the attribute up in `map`;
 *   for a list (tags) the person's first value found in the map wins. No match and no default → the
 *   field is left out. Type number when every map value (and the default) is a number, else string.
 *
 * `type: 'string' | 'number'` on the two object forms overrides the inferred type; values are then
 * converted (a value that is not a number for a number field is a config error).
 * The file's schema is exactly these field names with these types.
 */
import { z } from 'opsbot';
import type { FieldType, FieldValue } from './kakao.ts';

const scalar = z.union([z.string(), z.number()]);

export const fieldSpec = z.union([
  z.string().min(1),
  z.object({ value: scalar, type: z.enum(['string', 'number']).optional() }).strict(),
  z
    .object({
      from: z.string().min(1),
      map: z.record(z.string(), scalar),
      default: scalar.optional(),
      type: z.enum(['string', 'number']).optional(),
    })
    .strict(),
]);

export type FieldSpec = z.output<typeof fieldSpec>;

export type Attributes = Record<string, string | string[] | undefined>;

/** One person as a source found them, before the phone is checked. */
export interface Person {
  source: string;
  attrs: Attributes;
}

/** The type a field spec declares or implies. */
export function fieldType(spec: FieldSpec): FieldType {
  if (typeof spec === 'string') return 'string';
  if (spec.type) return spec.type;
  if ('value' in spec) return typeof spec.value === 'number' ? 'number' : 'string';
  const values = [...Object.values(spec.map), ...(spec.default === undefined ? [] : [spec.default])];
  return values.length > 0 && values.every((v) => typeof v === 'number') ? 'number' : 'string';
}

/** The schema the customer file is created with. */
export function schemaOf(fields: Record<string, FieldSpec>): Record<string, FieldType> {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, fieldType(spec)]));
}

/** Problems with the mapping (numbers that are not numbers), as lines; [] when fine. */
export function checkFields(fields: Record<string, FieldSpec>): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    if (typeof spec === 'string' || fieldType(spec) !== 'number') continue;
    const values = 'value' in spec ? [spec.value] : [...Object.values(spec.map), spec.default];
    for (const v of values) {
      if (v !== undefined && !Number.isFinite(Number(v)))
        problems.push(`${name}: ${JSON.stringify(v)} is not a number`);
    }
  }
  return problems;
}

const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join(', ') : (v ?? ''));

function convert(value: FieldValue, type: FieldType): FieldValue {
  return type === 'number' ? Number(value) : String(value);
}

/** The Kakao `field` object of one person; fields without a value are left out. */
export function mapFields(fields: Record<string, FieldSpec>, attrs: Attributes): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, spec] of Object.entries(fields)) {
    if (typeof spec === 'string') {
      const value = spec.replace(/\{([^{}]+)\}/g, (_m, key: string) => text(attrs[key.trim()])).trim();
      if (value !== '') out[name] = value;
      continue;
    }
    const type = fieldType(spec);
    if ('value' in spec) {
      out[name] = convert(spec.value, type);
      continue;
    }
    const raw = attrs[spec.from];
    const candidates = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim());
    const hit = candidates.find((v) => Object.hasOwn(spec.map, v));
    const value = hit === undefined ? spec.default : spec.map[hit];
    if (value !== undefined) out[name] = convert(value, type);
  }
  return out;
}

/**
 * A Korean mobile number as Kakao's `phone` id: digits only, domestic form (01012345678).
 * Accepts dashes, spaces, dots, parentheses and a +82 / 82 / 0082 country prefix (with or without the
 * trunk 0 after it). Answers null for anything that is not 010 + 8 digits or 011/016/017/018/019 +
 * 7 or 8 digits.
 */
export function normalizePhone(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let s = raw.trim().replace(/[\s.\-()/]/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('0082')) s = s.slice(2);
  if (s.startsWith('82')) {
    s = s.slice(2);
    if (!s.startsWith('0')) s = `0${s}`;
  }
  if (/^010\d{8}$/.test(s) || /^01[16789]\d{7,8}$/.test(s)) return s;
  return null;
}

/** 010-1234-5678 → 010-****-5678, for messages and logs. */
export function maskPhone(phone: string): string {
  return phone.length < 8 ? '***' : `${phone.slice(0, 3)}-****-${phone.slice(-4)}`;
}
