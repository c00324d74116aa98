import { describe, expect, it } from 'vitest';
import { formatLogLine } from './log-format.ts';

// 2026-12-05T00:30:00.000Z
const T = Date.UTC(2026, 11, 5, 0, 30, 0);

describe('formatLogLine', () => {
  it('prints time in the given zone, level, source, message and fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: T,
      name: 'opsbot',
      part: 'gateway',
      msg: 'slow hook',
      ms: 1200,
    });
    expect(formatLogLine(line, 'Asia/Seoul')).toBe(
      '2026-12-05 09:30:00+09:00 WARN  opsbot slow hook part=gateway ms=1200',
    );
    expect(formatLogLine(line, 'America/New_York')).toBe(
      '2026-12-04 19:30:00-05:00 WARN  opsbot slow hook part=gateway ms=1200',
    );
  });

  it('quotes strings with spaces and shows an error by its message', () => {
    const line = JSON.stringify({
      level: 50,
      time: T,
      name: 'bot',
      msg: 'run failed',
      target: 'works/channel/a b',
      err: { type: 'Error', message: 'boom: no route', stack: 'Error: boom\n    at x' },
    });
    expect(formatLogLine(line, 'UTC')).toBe(
      '2026-12-05 00:30:00+00:00 ERROR bot run failed target="works/channel/a b" err="boom: no route"',
    );
  });

  it('leaves lines that are not pino JSON as they are', () => {
    expect(formatLogLine('plain console output', 'UTC')).toBe('plain console output');
    expect(formatLogLine('[1,2]', 'UTC')).toBe('[1,2]');
    expect(formatLogLine('{"msg":"no level"}', 'UTC')).toBe('{"msg":"no level"}');
  });
});
