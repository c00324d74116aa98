import path from 'node:path';
import { createTestApp } from 'opsbot/testing';
import { describe, expect, it } from 'vitest';
import { checkAppModule, resolveAppModule } from '../../daemon/app-module.ts';
import { isDefinedApp } from '../../sdk/index.ts';
import app from './index.ts';
import type { Options } from './options.ts';
import { BASE_OPTIONS, KIM } from './test-helpers.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const LEGACY = path.relative(process.cwd(), path.join(here, 'catalogue/fixtures/tg-chatbot'));

describe('builtin:service-desk', () => {
  it('resolves to this folder like every built-in app', () => {
    expect(resolveAppModule('builtin:service-desk', '/tmp')).toBe(path.join(here, 'index.ts'));
    expect(checkAppModule('builtin:service-desk', '/tmp')).toBeNull();
  });

  it('needs only the catalogue; everything else has a default', () => {
    expect(isDefinedApp(app)).toBe(true);
    expect(app.schedule).toEqual({ cron: '*/10 * * * *' });
    expect(app.options?.parse({ catalogue: 'desk.yaml' })).toEqual({
      catalogue: 'desk.yaml',
      mailConnection: 'mail',
      teams: [],
      people: [],
      dayPick: { name: 'TG day', remindDay: 1, remindAt: '09:00', deadlineDay: 3, deadlineAt: '14:00' },
      reports: {
        remindWeekday: 5,
        remindAt: '09:00',
        deadlineAt: '09:40',
        extensions: ['pptx', 'xlsx', 'pdf'],
      },
      calendar: 'KR',
      conversationTtl: '3m',
    });
  });

  it("serves the old bot's Elasticsearch folder with the real search", async () => {
    const t = createTestApp<Options>(app, {
      now: '2026-04-01T01:00:00Z',
      options: { ...BASE_OPTIONS, catalogue: LEGACY },
    });
    await t.start();
    expect((await t.message('티지 데이', KIM)).map((m) => (m.message as { text: string }).text)).toEqual([
      "'TGday' 서비스를 원하시나요? (네/아니오)",
    ]);
    await t.message('네', KIM);
    expect((await t.message('2026-04-20', KIM)).map((m) => (m.message as { text: string }).text)).toEqual([
      '4월 20일로 등록했습니다.',
    ]);
    await t.stop();
  });

  it('refuses an unknown calendar at start', async () => {
    const t = createTestApp(app, { options: { ...BASE_OPTIONS, catalogue: LEGACY, calendar: 'NOPE' } });
    await expect(t.start()).rejects.toThrow('service-desk: unknown calendar "NOPE" (with.calendar)');
    await t.stop();
  });
});
