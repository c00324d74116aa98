import { afterAll, describe, expect, it } from 'vitest';
import { type ConnectionCapabilities, NO_CAPABILITIES } from './capabilities.ts';
import type { AppNeeds } from './capability-checks.ts';
import type { ConnectionTypeCheck } from './checks.ts';
import { checkConfig, type LoadOptions } from './load.ts';
import { configFiles } from './test-helpers.ts';

const files = configFiles();
afterAll(() => files.cleanup());

const caps = (over: Partial<ConnectionCapabilities>): ConnectionCapabilities => ({
  ...NO_CAPABILITIES,
  send: true,
  ...over,
});

/** A type whose capabilities follow its block, like naverworks without botId. */
const chat: ConnectionTypeCheck = {
  parse: (block) => ({ success: true, data: { ...block } }),
  capabilities: (block) =>
    caps({ send: typeof block['botId'] === 'string', destinations: ['channel', 'user'], forms: 'link' }),
};
const hook: ConnectionTypeCheck = {
  parse: (block) => ({ success: true, data: { ...block } }),
  capabilities: () => caps({}),
};
/** Like email: kinds (to/<address>), and the connection alone when it has a default list. */
const mail: ConnectionTypeCheck = {
  parse: (block) => ({ success: true, data: { ...block } }),
  capabilities: (block) => caps({ destinations: ['to'], bare: Array.isArray(block['to']) }),
};
const options: LoadOptions = {
  env: {},
  connectionTypes: new Map([
    ['chat', chat],
    ['hook', hook],
    ['mail', mail],
  ]),
};

const check = async (lines: string[], extra: LoadOptions = {}) =>
  (await checkConfig(await files.write(`${lines.join('\n')}\n`), { ...options, ...extra })).issues;

const CONNECTIONS = [
  'connections:', // 1
  '  works: { type: chat, botId: "2000001" }', // 2
  '  api: { type: chat }', // 3
  '  hook: { type: hook }', // 4
];

describe('capability checks', () => {
  it('accepts targets every connection can serve', async () => {
    const yaml = [
      ...CONNECTIONS,
      'targets:',
      '  desk: works/channel/abc',
      '  all: [desk, hook, works/user/kim]',
    ];
    expect(await check(yaml)).toEqual([]);
  });

  it('refuses a target on a connection without send, at its line', async () => {
    const yaml = [...CONNECTIONS, 'targets:', '  desk: api/channel/abc'];
    expect(await check(yaml)).toEqual([
      {
        path: 'targets.desk',
        line: 6,
        message: 'connection "api" cannot send messages, so it cannot serve "api/channel/abc"',
      },
    ]);
  });

  it('refuses destinations on a connection that takes none, and unknown kinds', async () => {
    const yaml = [...CONNECTIONS, 'targets:', '  a: hook/channel/x', '  b: works/room/x', '  c: works'];
    expect(await check(yaml)).toEqual([
      {
        path: 'targets.a',
        line: 6,
        message: 'connection "hook" takes no destinations; use "hook" alone, not "hook/channel/x"',
      },
      {
        path: 'targets.b',
        line: 7,
        message: 'connection "works" has no destination kind "room" (expected one of: channel, user)',
      },
      { path: 'targets.c', line: 8, message: '"works" needs a destination: works/<channel|user>/<id>' },
    ]);
  });

  it('takes a connection alone where it has a default destination, and refuses it where not', async () => {
    const yaml = [
      'connections:', // 1
      '  listed: { type: mail, to: [ops@example.com] }', // 2
      '  unlisted: { type: mail }', // 3
      'targets:', // 4
      '  a: listed', // 5
      '  b: listed/to/kim@example.com', // 6
      '  c: unlisted', // 7
    ];
    expect(await check(yaml)).toEqual([
      { path: 'targets.c', line: 7, message: '"unlisted" needs a destination: unlisted/<to>/<id>' },
    ]);
  });

  it("checks an app's target options through named targets", async () => {
    const yaml = [
      ...CONNECTIONS,
      'targets:', // 5
      '  broken: api/user/kim', // 6
      'apps:', // 7
      '  alerts:', // 8
      '    use: ./alerts.ts', // 9
      '    with: { target: broken }', // 10
    ];
    const issues = await check(yaml);
    expect(issues).toContainEqual({
      path: 'apps.alerts.with.target',
      line: 10,
      message:
        'connection "api" cannot send messages, so it cannot serve "api/user/kim" (via target "broken")',
    });
  });

  it('refuses a forms use on a connection without forms', async () => {
    const yaml = [
      ...CONNECTIONS,
      'apps:', // 5
      '  ask:', // 6
      '    use: ./ask.ts', // 7
      '    with:', // 8
      '      askIn: hook', // 9
      '      notify: works/channel/x', // 10
    ];
    const appNeeds = (use: string): AppNeeds | null =>
      use === './ask.ts' ? { askIn: ['send', 'forms'], notify: ['send', 'forms'] } : null;
    const issues = await check(yaml, { appNeeds });
    expect(issues).toEqual([
      {
        path: 'apps.ask.with.askIn',
        line: 9,
        message: 'connection "hook" cannot show forms, so it cannot serve "hook"',
      },
    ]);
  });
});

describe('connections that read accounts from the vault', () => {
  const cloud: ConnectionTypeCheck = {
    parse: (block) => ({ success: true, data: { ...block } }),
    capabilities: (block) => ({ ...NO_CAPABILITIES, vault: block['fromVault'] === true }),
  };
  const withCloud: LoadOptions = { ...options, connectionTypes: new Map([['cloud', cloud]]) };

  it('are refused at their line in a config without secrets.vault', async () => {
    const file = await files.write(
      'connections:\n  plain: { type: cloud }\n  customers: { type: cloud, fromVault: true }\n',
    );
    const { issues } = await checkConfig(file, withCloud);
    expect(issues).toEqual([
      {
        path: 'connections.customers',
        line: 3,
        message:
          'connection "customers" reads its accounts from the vault, but secrets.vault is not set in this file',
      },
    ]);
  });
});
