import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../platform/config/load.ts';
import { configFiles } from '../platform/config/test-helpers.ts';
import { loadOptions } from './config.ts';

const files = configFiles();
afterAll(() => files.cleanup());

async function issues(lines: string[]) {
  const file = await files.write(`${lines.join('\n')}\n`);
  return (await checkConfig(file, { ...loadOptions(file), env: {} })).issues;
}

describe('daemon config: connector capabilities', () => {
  it('refuses a target on a NAVER WORKS connection without botId (it cannot send), at its line', async () => {
    expect(
      await issues([
        'connections:', // 1
        '  works: { type: naverworks, clientId: c, clientSecret: s3cret }', // 2
        '  hook: { type: webhook, url: "https://example.com/in" }', // 3
        'targets:', // 4
        '  desk: works/channel/abc', // 5
        '  ops: hook/channel/x', // 6
        '  play: sandbox/channel/general', // 7
      ]),
    ).toEqual([
      {
        path: 'targets.desk',
        line: 5,
        message: 'connection "works" cannot send messages, so it cannot serve "works/channel/abc"',
      },
      {
        path: 'targets.ops',
        line: 6,
        message: 'connection "hook" takes no destinations; use "hook" alone, not "hook/channel/x"',
      },
    ]);
  });

  it('accepts the same target once the connection has a bot', async () => {
    expect(
      await issues([
        'connections:',
        '  works: { type: naverworks, clientId: c, clientSecret: s3cret, botId: "2000001" }',
        'targets:',
        '  desk: works/channel/abc',
      ]),
    ).toEqual([]);
  });
});
