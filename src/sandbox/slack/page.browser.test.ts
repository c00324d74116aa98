import { existsSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserPage } from '../browser.ts';
import { type SlackEmulator, startSlackEmulator } from './index.ts';
import { type Hook, type HookRequest, startHook } from './testkit.ts';

const SCREENSHOT = '/tmp/slack-workspace-page.png';

let emu: SlackEmulator;
let hook: Hook;
let browser: Browser;
let page: Page;

/** A tiny stand-in app: refuses unsigned requests, opens a modal for /attendance, validates yyyyMM. */
function fakeApp(client: WebClient) {
  return (req: HookRequest) => {
    if (!req.signed) return { status: 401 };
    if (req.fields['command'] === '/attendance') {
      const trigger = req.fields['trigger_id']!;
      setTimeout(() => {
        void client.views.open({
          trigger_id: trigger,
          view: {
            type: 'modal',
            callback_id: 'attendance',
            private_metadata: req.fields['channel_id'],
            title: { type: 'plain_text', text: '근태 입력' },
            submit: { type: 'plain_text', text: '제출' },
            blocks: [
              {
                type: 'input',
                block_id: 'date_yyyyMM',
                label: { type: 'plain_text', text: 'Target Month' },
                element: {
                  type: 'plain_text_input',
                  action_id: 'target_month',
                  placeholder: { type: 'plain_text', text: 'yyyyMM' },
                },
              },
            ],
          },
        });
      }, 0);
      return {};
    }
    const payload = req.json as {
      type?: string;
      view?: {
        private_metadata: string;
        state: { values: Record<string, Record<string, { value: string | null }>> };
      };
    };
    if (payload?.type === 'view_submission') {
      const month = payload.view!.state.values['date_yyyyMM']!['target_month']!.value ?? '';
      if (!/^\d{6}$/.test(month)) {
        return {
          body: JSON.stringify({
            response_action: 'errors',
            errors: { date_yyyyMM: 'Invalid date format -> please input yyyyMM' },
          }),
        };
      }
      void client.chat.postMessage({
        channel: payload.view!.private_metadata,
        text: `출근 기록 완료: ${month}`,
        attachments: [{ color: 'good', text: '웹 근태 시스템에 입력했습니다' }],
      });
      return {};
    }
    return {};
  };
}

beforeAll(async () => {
  ({ browser, page } = await openBrowserPage('the Slack workspace page browser test'));
  emu = await startSlackEmulator();
  const client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl });
  hook = await startHook(emu.signingSecret, fakeApp(client));
  emu.requestUrl = hook.url;
});

afterAll(async () => {
  await browser?.close();
  await emu?.close();
  await hook?.close();
});

describe('Slack workspace page in a browser', () => {
  it('runs a slash command, shows the modal with field errors, and the app reply after submit', async () => {
    const pageError = new Promise<never>((_, reject) => {
      page.on('pageerror', (err) => reject(new Error(`error in the workspace page: ${err.message}`)));
    });
    pageError.catch(() => {});
    const see = (locator: Locator) => Promise.race([locator.waitFor(), pageError]);

    await page.goto(`${emu.url}/`);
    await see(page.locator('#channels button', { hasText: '# general' }));
    expect(await page.locator('#channels button').allTextContents()).toEqual([
      '# general',
      '# attendance',
      '# random (app not in channel)',
    ]);
    await page.locator('#channels button', { hasText: '# attendance' }).click();
    await page.fill('#text', '/attendance me');
    await page.press('#text', 'Enter');
    await see(page.locator('#modal-title', { hasText: '근태 입력' }));
    expect(hook.requests[0]!.fields).toMatchObject({
      command: '/attendance',
      text: 'me',
      user_id: 'U01MINJUN',
      channel_id: 'C02ATTEND',
    });

    await page.fill('[aria-label="date_yyyyMM"]', '2026-12');
    await page.click('#modal-submit');
    await see(
      page.locator('.input.has-error .error', { hasText: 'Invalid date format -> please input yyyyMM' }),
    );

    await page.fill('[aria-label="date_yyyyMM"]', '202612');
    await page.click('#modal-submit');
    await see(page.locator('.msg', { hasText: '출근 기록 완료: 202612' }));
    await page.locator('#modal').waitFor({ state: 'hidden' });
    const bar = page.locator('.attachment', { hasText: '웹 근태 시스템에 입력했습니다' });
    expect(await bar.getAttribute('style')).toContain('border-left-color: rgb(46, 182, 125)');
    expect(emu.messagesIn('C02ATTEND').at(-1)).toMatchObject({
      text: '출근 기록 완료: 202612',
      via: 'postMessage',
    });

    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
