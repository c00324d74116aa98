import { describe, expect, it } from 'vitest';
import { appEnvironment } from './app-env.ts';

describe('appEnvironment', () => {
  it('passes PATH, HOME, LANG, TZ and NODE_* only, then the app env: on top', () => {
    const daemon = {
      PATH: '/usr/bin',
      HOME: '/root',
      LANG: 'C.UTF-8',
      TZ: 'Asia/Seoul',
      NODE_OPTIONS: '--max-old-space-size=512',
      NODE_AUTH_TOKEN: 'npm-token',
      SLACK_BOT_TOKEN: 'xoxb-secret',
      OPSBOT_MASTER_KEY: 'k',
    };
    expect(appEnvironment(daemon, { HTTPS_PROXY: 'http://proxy:3128', TZ: 'UTC' })).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      NODE_OPTIONS: '--max-old-space-size=512',
      HTTPS_PROXY: 'http://proxy:3128',
    });
  });
});
