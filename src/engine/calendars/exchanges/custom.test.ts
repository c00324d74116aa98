import { describe, expect, it } from 'vitest';
import { customExchange, parseSession } from './custom.ts';
import { BUILTIN_EXCHANGES } from './index.ts';

describe('customExchange', () => {
  const xetr = customExchange('XETR', {
    name: 'Xetra',
    timezone: 'Europe/Berlin',
    country: 'DE',
    session: '09:00-17:30',
    closed: [
      { date: '2026-12-24', name: 'Heiligabend' },
      { date: '2026-12-31', name: 'Silvester' },
    ],
    open: ['Tag der Deutschen Einheit'],
    specials: [{ date: '2026-12-30', close: '14:00', name: 'Early close' }],
  });

  it('takes the country public holidays, minus `open`, plus `closed`', () => {
    expect(xetr.closures(2026)).toEqual([
      { date: '2026-01-01', name: 'Neujahr' },
      { date: '2026-04-03', name: 'Karfreitag' },
      { date: '2026-04-06', name: 'Ostermontag' },
      { date: '2026-05-01', name: 'Maifeiertag' },
      { date: '2026-05-14', name: 'Christi Himmelfahrt' },
      { date: '2026-05-25', name: 'Pfingstmontag' },
      { date: '2026-12-24', name: 'Heiligabend' },
      { date: '2026-12-25', name: '1. Weihnachtstag' },
      { date: '2026-12-26', name: '2. Weihnachtstag' },
      { date: '2026-12-31', name: 'Silvester' },
    ]);
    expect(xetr.closures(2025).some((c) => c.name === 'Heiligabend')).toBe(false);
  });

  it('keeps the config fields and specials of the year', () => {
    expect(xetr.mic).toBe('XETR');
    expect(xetr.session).toEqual({ open: '09:00', close: '17:30' });
    expect(xetr.weekend).toEqual([0, 6]);
    expect(xetr.specials(2026)).toEqual([{ date: '2026-12-30', close: '14:00', name: 'Early close' }]);
    expect(xetr.specials(2027)).toEqual([]);
  });

  it('adds regional holidays for "DE-HE" and works without a country', () => {
    const hesse = customExchange('XFRA', {
      name: 'Frankfurt',
      timezone: 'Europe/Berlin',
      country: 'DE-HE',
      session: '08:00-22:00',
    });
    expect(hesse.closures(2026).some((c) => c.date === '2026-06-04')).toBe(true); // Fronleichnam
    const bare = customExchange('XX', {
      name: 'x',
      timezone: 'UTC',
      session: '10:00-11:00',
      weekend: [5, 6],
    });
    expect(bare.closures(2026)).toEqual([]);
    expect(bare.weekend).toEqual([5, 6]);
  });

  it('rejects bad sessions and unknown countries', () => {
    expect(() => parseSession('9-17')).toThrow(/09:00-17:30/);
    expect(() => parseSession('09:00-24:00')).toThrow(Error);
    expect(() => parseSession('17:00-09:00')).toThrow(/open before/);
    expect(() => customExchange('X', { name: 'x', timezone: 'UTC', session: 'all day' })).toThrow(/session/);
    expect(() =>
      customExchange('X', { name: 'x', timezone: 'UTC', country: 'ZZ', session: '09:00-10:00' }),
    ).toThrow(/ZZ/);
  });
});

describe('BUILTIN_EXCHANGES', () => {
  it('lists the eight built-in exchanges and the KR public-holiday calendar by code', () => {
    expect([...BUILTIN_EXCHANGES.keys()]).toEqual([
      'XKRX',
      'XNYS',
      'XNAS',
      'CME',
      'XTKS',
      'XHKG',
      'XLON',
      'XSHG',
      'KR',
    ]);
    for (const [code, rules] of BUILTIN_EXCHANGES) expect(rules.mic).toBe(code);
  });
});
