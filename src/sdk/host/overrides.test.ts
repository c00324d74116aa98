import { describe, expect, it } from 'vitest';
import { withOverrides } from './overrides.ts';

describe('withOverrides', () => {
  it('replaces top-level and dotted keys without touching the original', () => {
    const options = { days: 60, calendar: { user: 'a', summary: 's' }, exchanges: ['XKRX'] };
    const next = withOverrides(options, { days: 7, 'calendar.user': 'b', 'files.dir': '/tmp' });
    expect(next).toEqual({
      days: 7,
      calendar: { user: 'b', summary: 's' },
      exchanges: ['XKRX'],
      files: { dir: '/tmp' },
    });
    expect(options).toEqual({ days: 60, calendar: { user: 'a', summary: 's' }, exchanges: ['XKRX'] });
  });
});
