import { describe, expect, it } from 'vitest';
import { parsePeopleCsv, toCsv } from './csv.ts';

describe('people CSV', () => {
  it('reads quoted fields, a BOM, CRLF and columns in any order', () => {
    expect(
      parsePeopleCsv(
        '\uFEFFemail,name,team,ids,admin\r\nA@x.com,"김, 철수",팀 A,a1;a2 a3,Y\r\n\r\nb@x.com,이영희,팀 B,,\r\n',
      ),
    ).toEqual([
      { name: '김, 철수', email: 'a@x.com', team: '팀 A', admin: true, ids: ['a1', 'a2', 'a3'] },
      { name: '이영희', email: 'b@x.com', team: '팀 B', admin: false, ids: [] },
    ]);
  });

  it('names what is missing', () => {
    expect(() => parsePeopleCsv('name,email\n')).toThrow('people CSV: the header has no "team" column');
    expect(() => parsePeopleCsv('name,email,team\n김,,팀\n')).toThrow(
      'people CSV line 2: name, email and team are required',
    );
  });

  it('writes a BOM, CRLF lines and quotes where needed', () => {
    expect(
      toCsv([
        ['이름', '팀명'],
        ['김 "철수"', 'a,b'],
      ]),
    ).toBe('\uFEFF이름,팀명\r\n"김 ""철수""","a,b"\r\n');
  });
});
