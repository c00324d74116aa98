import { describe, expect, it } from 'vitest';
import { type ExportRow, formatHolidays } from './export.ts';
import { parseHolidayFile } from './import.ts';

const KNOWN = new Set(['XKRX', 'XNYS']);
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

const ROWS: ExportRow[] = [
  { exchange: 'XKRX', date: '2026-01-01', name: '신정', kind: 'closed' },
  { exchange: 'XKRX', date: '2026-01-02', name: '첫 거래일', kind: 'session', open: '10:00', close: null },
  { exchange: 'XKRX', date: '2026-02-17', name: '설날, 연휴 "둘째 날"', kind: 'closed' },
  { exchange: 'XKRX', date: '2026-05-01', name: '노동절; 근로자의 날', kind: 'open' },
  {
    exchange: 'XKRX',
    date: '2026-11-19',
    name: '대학수학능력시험 (CSAT) — 개장 1시간 지연, 장 마감 16:30',
    kind: 'session',
    open: '10:00',
    close: '16:30',
  },
  { exchange: 'XNYS', date: '2026-11-26', name: 'Thanksgiving Day', kind: 'closed' },
];

function expected(rows: ExportRow[]) {
  return rows.map((row) => ({
    exchange: row.exchange,
    date: row.date,
    kind: row.kind ?? 'closed',
    name: row.name,
    open: row.open ?? null,
    close: row.close ?? null,
    source: 'import',
  }));
}

describe('export → import round trip', () => {
  for (const format of ['csv', 'json', 'ics'] as const) {
    it(`gives back the same rows (${format})`, () => {
      const text = formatHolidays(ROWS, format, NOW);
      const result = parseHolidayFile(text, `holidays.${format}`, KNOWN);
      expect(result.errors).toEqual([]);
      expect(result.entries).toEqual(expected(ROWS));
    });
  }

  it('is deterministic and writes the documented shapes', () => {
    expect(formatHolidays(ROWS, 'ics', NOW)).toBe(formatHolidays(ROWS, 'ics', new Date(NOW)));
    const csv = formatHolidays(ROWS.slice(0, 3), 'csv');
    expect(csv).toBe(
      'exchange,date,name,kind,open,close\n' +
        'XKRX,2026-01-01,신정,closed,,\n' +
        'XKRX,2026-01-02,첫 거래일,session,10:00,\n' +
        'XKRX,2026-02-17,"설날, 연휴 ""둘째 날""",closed,,\n',
    );
    const json = JSON.parse(formatHolidays([{ ...ROWS[0]!, source: 'manual' }], 'json'));
    expect(json).toEqual([
      { exchange: 'XKRX', date: '2026-01-01', name: '신정', kind: 'closed', source: 'manual' },
    ]);
  });

  it('writes RFC 5545 ICS: CRLF, UID, escapes, folded lines of at most 75 octets', () => {
    const ics = formatHolidays(ROWS, 'ics', NOW);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics).toContain('UID:XKRX-2026-02-17@opsbot\r\n');
    expect(ics).toContain('DTSTAMP:20260102T030405Z\r\n');
    expect(ics).toContain('DTSTART;VALUE=DATE:20260217\r\nDTEND;VALUE=DATE:20260218\r\n');
    expect(ics).toContain('SUMMARY:설날\\, 연휴 "둘째 날"\r\n');
    expect(ics).toContain('SUMMARY:노동절\\; 근로자의 날');
    const lines = ics.split('\r\n');
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics).not.toMatch(/\uFFFD/);
    // A row's own updatedAt wins over `now`.
    expect(formatHolidays([{ ...ROWS[0]!, updatedAt: Date.UTC(2025, 11, 1) }], 'ics', NOW)).toContain(
      'DTSTAMP:20251201T000000Z',
    );
  });
});

describe('CSV import', () => {
  it('reads a BOM, quoted commas, CRLF, optional columns in any order and upper-cases the exchange', () => {
    const text =
      '\uFEFFdate,Exchange,name\r\n2026-01-01,xkrx,신정\r\n\r\n2026-03-02,XKRX,"삼일절, 대체공휴일"\r\n';
    const result = parseHolidayFile(text, 'HOLIDAYS.CSV', KNOWN);
    expect(result.errors).toEqual([]);
    expect(result.entries.map((e) => [e.exchange, e.date, e.name, e.kind])).toEqual([
      ['XKRX', '2026-01-01', '신정', 'closed'],
      ['XKRX', '2026-03-02', '삼일절, 대체공휴일', 'closed'],
    ]);
  });

  it('reports every bad row with its line', () => {
    const text = [
      'exchange,date,name,kind,open,close', // 1
      'XKRX,2026-01-01,신정,,,', // 2 fine
      'XXXX,2026-01-02,없는 거래소,,,', // 3 unknown exchange
      'XKRX,2026-02-30,없는 날,,,', // 4 impossible date
      'XKRX,2026-01-01,신정 again,,,', // 5 duplicate of line 2
      'XKRX,2026-03-03,,,,', // 6 empty name
      'XKRX,2026-03-04,세션,session,,', // 7 session without hours
      'XKRX,2026-03-05,세션,session,9:00,15:30', // 8 bad HH:MM
      'XKRX,2026-03-06,휴장,holiday,,', // 9 bad kind
      '"XKRX,2026-03-09,멀티', // 10 quoted line break: record spans lines 10-11
      'line",2026-03-09,x,,,', // 11
      'XKRX,2026/03/10,형식,,,', // 12 bad format
      'XKRX,2026-03-11,too,many,,,', // 13 field count
    ].join('\n');
    const { errors } = parseHolidayFile(text, 'h.csv', KNOWN);
    expect(errors).toEqual([
      { line: 3, message: 'unknown exchange "XXXX"' },
      { line: 4, message: 'impossible date "2026-02-30"' },
      { line: 5, message: 'duplicate of XKRX 2026-01-01 (first on line 2)' },
      { line: 6, message: 'name is empty' },
      { line: 7, message: 'a session needs open or close hours (HH:MM)' },
      { line: 8, message: 'open "9:00" is not HH:MM' },
      { line: 9, message: 'kind "holiday" is not one of closed, open, session' },
      { line: 10, message: 'unknown exchange "XKRX,2026-03-09,멀티\nline"' },
      { line: 12, message: 'date "2026/03/10" is not YYYY-MM-DD' },
      { line: 13, message: 'expected 6 fields, found 7 (quote names that contain commas)' },
    ]);
  });

  it('rejects a bad header and an unclosed quote', () => {
    expect(parseHolidayFile('exchange,day,name\n', 'h.csv', KNOWN).errors).toEqual([
      { line: 1, message: 'unknown column "day" (expected exchange,date,name,kind,open,close)' },
      { line: 1, message: 'missing column "date"' },
    ]);
    expect(parseHolidayFile('exchange,date,name\nXKRX,2026-01-01,"신정\n', 'h.csv', KNOWN).errors).toEqual([
      { line: 2, message: 'a quoted field is never closed' },
    ]);
    expect(parseHolidayFile('', 'h.csv', KNOWN).errors).toHaveLength(1);
  });

  it('rejects hours on a closed day and open after close', () => {
    const text =
      'exchange,date,name,kind,open,close\nXKRX,2026-01-01,a,closed,10:00,\nXKRX,2026-01-02,b,session,16:00,15:30\n';
    expect(parseHolidayFile(text, 'h.csv', KNOWN).errors).toEqual([
      { line: 2, message: 'open/close hours only apply to kind session, not closed' },
      { line: 3, message: 'open 16:00 is not before close 15:30' },
    ]);
  });
});

describe('JSON import', () => {
  it("reads the old platform's file", () => {
    const result = parseHolidayFile(
      '[{"exchange":"XKRX","date":"2026-01-01","name":"신정"}]',
      'old.json',
      KNOWN,
    );
    expect(result).toEqual({
      entries: [
        {
          exchange: 'XKRX',
          date: '2026-01-01',
          kind: 'closed',
          name: '신정',
          open: null,
          close: null,
          source: 'import',
        },
      ],
      errors: [],
    });
  });

  it('gives the line each object starts on, and the index for minified files', () => {
    const text = `{
  "holidays": [
    { "exchange": "XKRX", "date": "2026-01-01", "name": "신정 [1]" },
    {
      "exchange": "XKRX",
      "date": "2026-02-29",
      "name": "윤일 \\"없음\\""
    },
    { "exchange": "XKRX", "date": "2026-01-01", "name": "중복" }, 42
  ]
}`;
    expect(parseHolidayFile(text, 'h.json', KNOWN).errors).toEqual([
      { line: 4, message: 'item 1: impossible date "2026-02-29"' },
      { line: 9, message: 'item 2: duplicate of XKRX 2026-01-01 (first on line 3, item 0)' },
      { line: 9, message: 'item 3: expected an object' },
    ]);
    const minified =
      '[{"exchange":"XKRX","date":"2026-01-01","name":"a"},{"exchange":"NOPE","date":"2026-01-02","name":"b"}]';
    expect(parseHolidayFile(minified, 'h.json', KNOWN).errors).toEqual([
      { line: 1, message: 'item 1: unknown exchange "NOPE"' },
    ]);
  });

  it('reports syntax errors and wrong shapes', () => {
    const broken = parseHolidayFile('[\n{"exchange": "XKRX",\n}\n]', 'h.json', KNOWN).errors;
    expect(broken).toHaveLength(1);
    expect(broken[0]?.line).toBe(3);
    expect(broken[0]?.message).toMatch(/^not valid JSON/);
    expect(parseHolidayFile('{"rows": []}', 'h.json', KNOWN).errors).toEqual([
      { line: 1, message: 'expected an array of holidays or an object with a "holidays" array' },
    ]);
    expect(
      parseHolidayFile('[{"exchange": 1, "date": "2026-01-01", "name": "x"}]', 'h.json', KNOWN).errors,
    ).toEqual([{ line: 1, message: 'item 0: exchange is missing' }]);
  });
});

describe('ICS import', () => {
  const ics = (body: string[], head: string[] = []) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', ...head, ...body, 'END:VCALENDAR'].join('\r\n');

  it('expands multi-day events (DTEND exclusive), unfolds lines and takes the calendar exchange', () => {
    const text = ics(
      [
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20260216',
        'DTEND;VALUE=DATE:20260219',
        'SUMMARY:설',
        ' 날',
        'BEGIN:VALARM',
        'SUMMARY:alarm, not the name',
        'END:VALARM',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20261225',
        'SUMMARY:Christmas\\, Day',
        'END:VEVENT',
      ],
      ['X-WR-CALNAME:XKRX holidays'],
    );
    const result = parseHolidayFile(text, 'k.ics', KNOWN);
    expect(result.errors).toEqual([]);
    expect(result.entries.map((e) => [e.exchange, e.date, e.name])).toEqual([
      ['XKRX', '2026-02-16', '설날'],
      ['XKRX', '2026-02-17', '설날'],
      ['XKRX', '2026-02-18', '설날'],
      ['XKRX', '2026-12-25', 'Christmas, Day'],
    ]);
  });

  it('reports problems at the BEGIN:VEVENT line', () => {
    const text = ics([
      'BEGIN:VEVENT', // 3
      'DTSTART;VALUE=DATE:20260101',
      'SUMMARY:no exchange',
      'END:VEVENT',
      'BEGIN:VEVENT', // 7
      'X-OPSBOT-EXCHANGE:XKRX',
      'DTSTART;VALUE=DATE:20260230',
      'SUMMARY:bad',
      'END:VEVENT',
      'BEGIN:VEVENT', // 12
      'X-OPSBOT-EXCHANGE:XKRX',
      'DTSTART:20260301T090000',
      'SUMMARY:timed',
      'END:VEVENT',
      'BEGIN:VEVENT', // 17
      'X-OPSBOT-EXCHANGE:XKRX',
      'DTSTART;VALUE=DATE:20260101',
      'RRULE:FREQ=YEARLY',
      'SUMMARY:yearly',
      'END:VEVENT',
    ]);
    expect(parseHolidayFile(text, 'k.ics', KNOWN).errors).toEqual([
      { line: 3, message: 'no exchange: add X-OPSBOT-EXCHANGE to the event or the calendar' },
      { line: 7, message: 'DTSTART: impossible date "2026-02-30"' },
      {
        line: 12,
        message: 'DTSTART "20260301T090000" is not an all-day date (use DTSTART;VALUE=DATE:YYYYMMDD)',
      },
      { line: 17, message: 'recurring events (RRULE) are not supported; list each day' },
    ]);
  });
});

describe('unknown formats', () => {
  it('is one error at line 0', () => {
    expect(parseHolidayFile('a', 'holidays.xlsx', KNOWN)).toEqual({
      entries: [],
      errors: [
        { line: 0, message: 'cannot tell the format of "holidays.xlsx": use a .csv, .json or .ics file' },
      ],
    });
    expect(parseHolidayFile('a', 'holidays', KNOWN).errors[0]?.line).toBe(0);
  });
});
