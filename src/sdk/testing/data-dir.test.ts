import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defineApp } from '../index.ts';
import { createTestApp } from './index.ts';

describe('ctx.dataDir in opsbot/testing', () => {
  const app = defineApp({ async run() {} });

  it('is a folder of its own per test app under the temp folder, named like the daemon names it', () => {
    const a = createTestApp(app, { app: 'desk' }).ctx.dataDir;
    const b = createTestApp(app, { app: 'desk' }).ctx.dataDir;
    expect(a.startsWith(tmpdir())).toBe(true);
    expect(a.endsWith('/apps/desk')).toBe(true);
    expect(a).not.toBe(b);
  });

  it('is the folder a test gives', () => {
    expect(createTestApp(app, { dataDir: '/srv/x/apps/desk' }).ctx.dataDir).toBe('/srv/x/apps/desk');
  });
});
