import { describe, expect, it } from 'vitest';
import { parseSets } from './sets.ts';

describe('parseSets', () => {
  it('reads each value as YAML', () => {
    expect(
      parseSets(['days=30', 'exchanges=[XKRX, XNYS]', 'name=설날', 'on=true', 'empty=', 'a.b=x=y']),
    ).toEqual({
      days: 30,
      exchanges: ['XKRX', 'XNYS'],
      name: '설날',
      on: true,
      empty: '',
      'a.b': 'x=y',
    });
  });

  it('refuses a pair without a key or with bad YAML', () => {
    expect(() => parseSets(['=3'])).toThrow('--set takes key=value, got "=3"');
    expect(() => parseSets(['days'])).toThrow('--set takes key=value, got "days"');
    expect(() => parseSets(['x=[1'])).toThrow(/^--set x: the value is not valid YAML: /);
  });
});
