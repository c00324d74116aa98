import { describe, expect, it } from 'vitest';
import { checkFields, type FieldSpec, fieldSpec, mapFields, normalizePhone, schemaOf } from './mapping.ts';
import { parseCsv } from './sources.ts';

describe('normalizePhone', () => {
  it.each([
    ['010-1234-5678', '01012345678'],
    ['010 1234 5678', '01012345678'],
    ['010.1234.5678', '01012345678'],
    ['+82 10 1234 5678', '01012345678'],
    ['+82-10-1234-5678', '01012345678'],
    ['82-10-1234-5678', '01012345678'],
    ['+82 010-1234-5678', '01012345678'],
    ['0082 10 1234 5678', '01012345678'],
    ['(010) 1234-5678', '01012345678'],
    [' 011-234-5678 ', '0112345678'],
    ['016-2345-6789', '01623456789'],
  ])('%s → %s', (raw, want) => expect(normalizePhone(raw)).toBe(want));

  it.each([
    '02-123-4567',
    '010-1234-567',
    '010-1234-56789',
    '+1 555 123 4567',
    '1234',
    '010-12ab-5678',
    '',
    '012-3456-7890',
  ])('rejects %s', (raw) => expect(normalizePhone(raw)).toBeNull());
});

describe('fields mapping', () => {
  const fields: Record<string, FieldSpec> = {
    이름: '{name}',
    표시: '{company} {name}',
    회사명: { value: '코라이즈' },
    등급: { value: 3 },
    목동발송클래스: { from: 'tags', map: { 목동1: 1, 목동2: 2 } },
    상암: { from: 'company', map: { A사: 'x' }, default: 'none' },
    코드: { from: 'company', map: { A사: '7' }, type: 'number' },
  };

  it('infers the schema', () => {
    expect(schemaOf(fields)).toEqual({
      이름: 'string',
      표시: 'string',
      회사명: 'string',
      등급: 'number',
      목동발송클래스: 'number',
      상암: 'string',
      코드: 'number',
    });
  });

  it('fills templates, constants and lookups; the first listed value in the map wins; misses are left out', () => {
    expect(mapFields(fields, { name: '김민준', company: 'A사', tags: ['기타', '목동2', '목동1'] })).toEqual({
      이름: '김민준',
      표시: 'A사 김민준',
      회사명: '코라이즈',
      등급: 3,
      목동발송클래스: 2,
      상암: 'x',
      코드: 7,
    });
    expect(mapFields(fields, { tags: [] })).toEqual({ 회사명: '코라이즈', 등급: 3, 상암: 'none' });
  });

  it('rejects unknown keys and non-numbers for number fields', () => {
    expect(fieldSpec.safeParse({ from: 'tags', mapp: {} }).success).toBe(false);
    expect(
      checkFields({ a: { value: 'x', type: 'number' }, b: { from: 't', map: { k: 'y' }, type: 'number' } }),
    ).toEqual(['a: "x" is not a number', 'b: "y" is not a number']);
  });
});

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, CRLF, a BOM and blank lines', () => {
    expect(parseCsv('\uFEFFname,phone\r\n"Kim, ""MJ""",010\r\n\r\nLee,"011\n2"\n')).toEqual([
      ['name', 'phone'],
      ['Kim, "MJ"', '010'],
      ['Lee', '011\n2'],
    ]);
    expect(parseCsv('a;b\n1;2', ';')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
