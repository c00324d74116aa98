/**
 * KR — Korean public holidays (공휴일), for work that follows the office calendar rather than the
 * exchange's: no KRX year-end closure, no pre-2026 근로자의 날 (a day off for companies, not a
 * public holiday), no special sessions. `skip: [holidays:KR]`, `ctx.calendar.closures('KR', …)`.
 * The hours are a plain office day, for `session()` callers.
 */
import type { ExchangeRules } from './types.ts';
import { koreanPublicHolidays, xkrx } from './xkrx.ts';

export const kr: ExchangeRules = {
  mic: 'KR',
  name: '대한민국 공휴일',
  timezone: 'Asia/Seoul',
  weekend: [0, 6],
  session: { open: '09:00', close: '18:00' },
  closures: koreanPublicHolidays,
  specials: () => [],
  ...(xkrx.coverage ? { coverage: xkrx.coverage } : {}),
};
