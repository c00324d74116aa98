import { describe, expect, it } from 'vitest';
import { checkAppModule, resolveAppModule } from '../../daemon/app-module.ts';
import { isDefinedApp } from '../../sdk/index.ts';
import app from './index.ts';
import { TEST_RECIPE } from './test-helpers.ts';

describe('builtin:attendance', () => {
  it('resolves to this folder like every built-in app', () => {
    expect(resolveAppModule('builtin:attendance', '/tmp')).toBe(
      new URL('./index.ts', import.meta.url).pathname,
    );
    expect(checkAppModule('builtin:attendance', '/tmp')).toBeNull();
  });

  it('is an app whose options, but the site recipe, all have defaults', () => {
    expect(isDefinedApp(app)).toBe(true);
    expect(app.options?.safeParse({}).error?.issues.map((i) => i.path.join('.'))).toEqual(['site']);
    expect(app.options?.parse({ site: TEST_RECIPE })).toEqual({
      command: 'attendance',
      shortcut: 'attendance',
      passwordEntry: 'modal',
      concurrency: 2,
      calendar: 'KR',
      browser: { executablePath: '/usr/bin/chromium' },
      site: TEST_RECIPE,
    });
  });

  it('refuses an unknown calendar at start', async () => {
    const { createTestApp } = await import('opsbot/testing');
    const t = createTestApp(app, { options: { calendar: 'NOPE', site: TEST_RECIPE } });
    await expect(t.start()).rejects.toThrow('attendance: unknown calendar "NOPE" (with.calendar)');
    await t.stop();
  });
});
