import { describe, expect, it } from 'vitest';
import { appPathOf } from './app-path.ts';

describe('appPathOf', () => {
  it.each([
    ['/apps/x', '/'],
    ['/apps/x/', '/'],
    ['/apps/x/reports/2026?month=01', '/reports/2026'],
    ['/apps/x/reports/', '/reports/'],
    ['/apps/x/a/./b//c', '/a/b/c'],
    ['/apps/x/a/../b', '/b'],
    ['/apps/x/a/%2e%2e/b', '/b'],
    ['/apps/x/caf%C3%A9', '/café'],
  ])('%s → %s', (url, path) => {
    expect(appPathOf(url)).toEqual({ ok: true, app: 'x', path });
  });

  it.each([
    ['/apps/x/..', 'the path leaves /apps/<app>/'],
    ['/apps/x/a/../../y/secret', 'the path leaves /apps/<app>/'],
    ['/apps/x/%2e%2e/%2E%2E/etc/passwd', 'the path leaves /apps/<app>/'],
    ['/apps/x/a%2f..%2f..%2fy', 'the path leaves /apps/<app>/'],
    ['/apps/../x', 'the path leaves /apps/<app>/'],
    ['/apps/%2e%2e/x', 'the path leaves /apps/<app>/'],
    ['/apps/x/file\0.txt', 'NUL in the path'],
    ['/apps/x/file%00.txt', 'NUL in the path'],
    ['/apps/x/%E0%A4%A', 'malformed percent-encoding in the path'],
  ])('%s is refused: %s', (url, error) => {
    expect(appPathOf(url)).toEqual({ ok: false, error });
  });
});
