import { describe, expect, it } from 'vitest';
import { parseExceptions } from './exceptions.ts';

describe('the days exceptions', () => {
  it('reads half days, leave and explicit times, in English or Korean, skipping blank lines', () => {
    const text =
      '2026-09-03 half\n\n  2026-09-04 leave \n2026-09-07 09:00-13:00\n2026-09-08 반차\n2026-09-09 연차\r\n2026-09-10 휴가';
    expect(parseExceptions(text)).toEqual({
      exceptions: [
        { date: '2026-09-03', kind: 'half' },
        { date: '2026-09-04', kind: 'leave' },
        { date: '2026-09-07', kind: 'times', start: '09:00', end: '13:00' },
        { date: '2026-09-08', kind: 'half' },
        { date: '2026-09-09', kind: 'leave' },
        { date: '2026-09-10', kind: 'leave' },
      ],
      errors: [],
    });
  });

  it('nothing typed is no exception', () => {
    expect(parseExceptions(undefined)).toEqual({ exceptions: [], errors: [] });
    expect(parseExceptions('  \n ')).toEqual({ exceptions: [], errors: [] });
  });

  it('gives one message per bad line, numbered as typed', () => {
    const text = [
      '2026-09-31 half',
      '2026-09-03',
      '2026-09-04 nap',
      '2026-09-07 13:00-09:00',
      '2026-09-08 25:00-26:00',
      '2026-09-09 half',
      '2026-09-09 leave',
      '9/10 half',
    ].join('\n');
    expect(parseExceptions(text).errors).toEqual([
      '1번째 줄 "2026-09-31 half": 2026-09-31 은(는) YYYY-MM-DD 형식의 날짜가 아닙니다',
      '2번째 줄 "2026-09-03": 날짜와 내용을 한 칸 띄어 적으세요 (예: 2026-11-13 half / 2026-11-20 leave / 2026-11-14 09:00-13:00)',
      '3번째 줄 "2026-09-04 nap": "nap" 대신 half, leave 또는 09:00-13:00 처럼 적으세요',
      '4번째 줄 "2026-09-07 13:00-09:00": 퇴근 시각(09:00)이 출근 시각(13:00)보다 늦어야 합니다',
      '5번째 줄 "2026-09-08 25:00-26:00": 25:00-26:00 은(는) 올바른 시각이 아닙니다 (00:00-23:59)',
      '7번째 줄 "2026-09-09 leave": 2026-09-09 이(가) 두 번 적혀 있습니다',
      '8번째 줄 "9/10 half": 9/10 은(는) YYYY-MM-DD 형식의 날짜가 아닙니다',
    ]);
  });
});
