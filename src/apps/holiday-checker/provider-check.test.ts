import { describe, expect, it } from 'vitest';
import type { CalendarApi, HolidayDiff, HolidayDiffArgs, PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import holidayChecker from './index.ts';

/**
 * The issue: holiday-checker never asked the configured holiday providers, so a temporary holiday
 * only a provider knew went unnoticed. Each (weekly) run now compares, alerts what differs, and
 * with `autoApply: true` adds the closures only a provider has.
 */

const NOW = '2026-02-07T21:00:00Z'; // Sun 2026-02-08 06:00 in Seoul
const calendar: Partial<CalendarApi> = {
  exchanges: async () => [{ exchange: 'XKRX', name: 'Korea Exchange', timezone: 'Asia/Seoul' }],
  closures: async () => [],
};
const DIFF: HolidayDiff = {
  exchange: 'XKRX',
  added: [{ exchange: 'XKRX', date: '2026-03-03', name: '임시공휴일', source: 'datagokr' }],
  removed: [{ exchange: 'XKRX', date: '2026-12-31', name: '연말 휴장' }],
  renamed: [],
};

function checker(
  options: Record<string, unknown>,
  diff: (a: HolidayDiffArgs) => Promise<unknown>,
  state = new Map(),
) {
  return createTestApp(holidayChecker, {
    now: NOW,
    state,
    calendar,
    options: { exchanges: ['XKRX'], target: 'desk', ...options },
    holidays: { diff: diff as never },
  });
}

const texts = (t: { sent: Array<{ message: unknown }> }) =>
  t.sent.map((s) => (s.message as PortableMessage).text);

describe('holiday-checker provider check', () => {
  it('asks the providers from today to the end of the window’s year and alerts what differs, once', async () => {
    const asked: HolidayDiffArgs[] = [];
    const state = new Map<string, unknown>();
    const diff = async (args: HolidayDiffArgs) => {
      asked.push(args);
      return { exchanges: [DIFF] };
    };
    const t = checker({}, diff, state);
    await t.run();
    expect(asked).toEqual([{ from: '2026-02-08', to: '2026-12-31', exchanges: ['XKRX'] }]);
    const alert = t.sent.find((s) => (s.message as PortableMessage).title === '휴장일 제공자 차이');
    expect(alert?.message).toEqual({
      title: '휴장일 제공자 차이',
      text: [
        '2026-02-08~2026-12-31 휴장일 제공자와 달력이 다릅니다:',
        '- XKRX 2026-03-03 임시공휴일: 제공자(datagokr)에만 있음',
        '- XKRX 2026-12-31 연말 휴장: 달력에만 있음',
        '확인 후 opsbot holiday add|update|remove 로 반영하세요.',
      ].join('\n'),
      severity: 'warning',
    });
    expect(t.holidaysAdded).toEqual([]);

    // Next week, the same differences: nothing new to say.
    const again = checker({}, diff, state);
    await again.run();
    expect(texts(again).filter((x) => x.includes('제공자'))).toEqual([]);
  });

  it('with autoApply: true adds the provider-only closure, says so, and keeps the rest for a person', async () => {
    const t = checker({ autoApply: true }, async () => ({ exchanges: [DIFF] }));
    await t.run();
    expect(t.holidaysAdded).toEqual([
      { exchange: 'XKRX', date: '2026-03-03', name: '임시공휴일', source: 'datagokr' },
    ]);
    const text = texts(t).find((x) => x.includes('제공자'));
    expect(text).toContain('- XKRX 2026-03-03 임시공휴일: 제공자(datagokr)에만 있음 → 휴장일로 추가함');
    expect(text).toContain('- XKRX 2026-12-31 연말 휴장: 달력에만 있음');
  });

  it('fails the run when a provider cannot be asked; says nothing when none is configured', async () => {
    const down = checker({}, async () => {
      throw new Error('datagokr: HTTP 503');
    });
    await expect(down.run()).rejects.toThrow('holiday check failed: holiday providers: datagokr: HTTP 503');

    const none = checker({}, async () => ({ exchanges: null }));
    await none.run();
    expect(texts(none).filter((x) => x.includes('제공자'))).toEqual([]);
  });

  it('a dry run adds nothing and sends nothing', async () => {
    const t = createTestApp(holidayChecker, {
      now: NOW,
      dryRun: true,
      calendar,
      options: { exchanges: ['XKRX'], target: 'desk', autoApply: true },
      holidays: { diff: async () => ({ exchanges: [DIFF] }) },
    });
    await t.run();
    expect(t.holidaysAdded).toEqual([]);
    expect(t.sent).toEqual([]);
  });
});
