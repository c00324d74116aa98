import { describe, expect, it } from 'vitest';
import { BUILTIN_EXCHANGES } from './index.ts';
import { kr } from './kr.ts';
import { xkrx } from './xkrx.ts';

describe('KR public holidays', () => {
  it('is a built-in calendar, in Seoul time, closed on weekends', () => {
    expect(BUILTIN_EXCHANGES.get('KR')).toBe(kr);
    expect([kr.timezone, kr.weekend]).toEqual(['Asia/Seoul', [0, 6]]);
  });

  it('has the public holidays of 2026 but not the KRX year-end closure', () => {
    const dates = kr.closures(2026).map((c) => c.date);
    expect(dates).toContain('2026-02-17'); // 설날
    expect(dates).toContain('2026-05-01'); // 노동절, a public holiday from 2026
    expect(dates).toContain('2026-06-03'); // 전국동시지방선거
    expect(dates).toContain('2026-09-25'); // 추석
    expect(dates).not.toContain('2026-12-31');
    expect(xkrx.closures(2026).map((c) => c.date)).toContain('2026-12-31');
  });

  it('leaves out 근로자의 날 before 2026, when it was a KRX closure and not a public holiday', () => {
    expect(kr.closures(2025).find((c) => c.date === '2025-05-01')).toBeUndefined();
    expect(xkrx.closures(2025).find((c) => c.date === '2025-05-01')?.name).toBe('근로자의 날');
  });

  it('is every KRX closure but the KRX-only ones', () => {
    const krxOnly = new Set(['2025-05-01', '2025-12-31']);
    const krDates = new Set(kr.closures(2025).map((c) => c.date));
    const expected = xkrx.closures(2025).filter((c) => !krxOnly.has(c.date));
    expect(expected.every((c) => krDates.has(c.date))).toBe(true);
    expect(krDates.size).toBe(expected.length);
  });
});
