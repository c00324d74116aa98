// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${…}` references.
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkConfig, type LoadOptions, loadConfig } from './load.ts';
import { configFiles } from './test-helpers.ts';

const files = configFiles();
afterAll(() => files.cleanup());

const check = async (yaml: string, options: LoadOptions = {}) =>
  (await checkConfig(await files.write(yaml), { env: {}, ...options })).issues;

const connectionTypes = new Map<string, z.ZodType>([
  [
    'slack',
    z.strictObject({
      botToken: z.string().startsWith('xoxb-', 'expected a bot token (xoxb-…)'),
      signingSecret: z.string().min(1),
      apiUrl: z.url().default('https://slack.com/api'),
    }),
  ],
  ['teams', z.strictObject({ url: z.url() })],
]);

describe('connections', () => {
  it('rejects an unknown connection type at its type key', async () => {
    expect(await check('connections:\n  chat:\n    type: skype\n', { connectionTypes })).toEqual([
      {
        path: 'connections.chat.type',
        line: 3,
        message: 'unknown connection type "skype" (known: slack, teams)',
      },
    ]);
  });

  it("validates a connection's options with its connector's schema", async () => {
    const yaml = [
      'connections:', // 1
      '  chat:', // 2
      '    type: slack', // 3
      '    rateLimit: 50', // 4
      '    botToken: xoxp-user-token', // 5
      '    apiUrl: not a url', // 6
      '    channel: general', // 7
      '',
    ].join('\n');
    expect(await check(yaml, { connectionTypes })).toEqual([
      { path: 'connections.chat.signingSecret', line: 2, message: 'required' },
      // A token pasted in plain is a credential all the same: its key says so, and it is not quoted.
      { path: 'connections.chat.botToken', line: 5, message: 'expected a bot token (xoxb-…)' },
      { path: 'connections.chat.apiUrl', line: 6, message: 'not a valid URL ("not a url")' },
      { path: 'connections.chat.channel', line: 7, message: 'unknown key' },
    ]);
  });

  it('never quotes a value that came from a secret reference', async () => {
    const yaml = 'connections:\n  chat: { type: slack, botToken: "${env:TOKEN}", signingSecret: s }\n';
    const issues = await check(yaml, { connectionTypes, env: { TOKEN: 'wrong-kind-of-secret' } });
    expect(issues).toEqual([
      { path: 'connections.chat.botToken', line: 2, message: 'expected a bot token (xoxb-…)' },
    ]);
  });

  it("keeps the connector's defaults in the loaded config", async () => {
    const file = await files.write(
      'connections:\n  chat: { type: slack, rateLimit: 50, botToken: "${env:TOKEN}", signingSecret: shh }\n',
    );
    const config = await loadConfig(file, { connectionTypes, env: { TOKEN: 'xoxb-1' } });
    expect(config.connections['chat']).toEqual({
      type: 'slack',
      rateLimit: 50,
      botToken: 'xoxb-1',
      signingSecret: 'shh',
      apiUrl: 'https://slack.com/api',
      maxRetryAfter: 900_000,
    });
  });

  it('accepts any type when no connector schemas are given', async () => {
    expect(await check('connections:\n  chat: { type: anything, whatever: 1 }\n')).toEqual([]);
  });
});

describe('targets', () => {
  const connections = 'connections:\n  works: { type: naverworks }\n  mail: { type: smtp }\n';

  it('accepts connection/kind/id, a bare connection and another target', async () => {
    const yaml = `${connections}targets:\n  desk: works/channel/abc-123\n  all: [desk, mail, works/user/a/b]\n`;
    expect(await check(yaml)).toEqual([]);
  });

  it('rejects a target on an unknown connection', async () => {
    expect(await check(`${connections}targets:\n  desk: slack/channel/C123\n`)).toEqual([
      { path: 'targets.desk', line: 5, message: 'unknown connection "slack" (connections: works, mail)' },
    ]);
  });

  it('rejects malformed and unknown entries, at their list index', async () => {
    expect(await check(`${connections}targets:\n  desk:\n    - works/channel\n    - nobody\n`)).toEqual([
      { path: 'targets.desk[0]', line: 6, message: 'expected <connection>/<kind>/<id>, got "works/channel"' },
      { path: 'targets.desk[1]', line: 7, message: 'unknown target or connection "nobody"' },
    ]);
  });

  it('does not quote a target that came from a secret reference', async () => {
    const issues = await check(`${connections}targets:\n  desk: \${env:DESK}\n`, {
      env: { DESK: 'hidden/chan' },
    });
    expect(issues).toEqual([
      { path: 'targets.desk', line: 5, message: 'expected <connection>/<kind>/<id>, got [secret]' },
    ]);
  });

  it('scrubs secret values from messages written by callers', async () => {
    const knownApps = (use: string) => `no such app: ${use}`;
    const issues = await check('apps:\n  a: { use: "${env:APP}" }\n', {
      env: { APP: 'secret-app-name' },
      knownApps,
    });
    expect(issues).toEqual([{ path: 'apps.a.use', line: 2, message: 'no such app: [secret]' }]);
  });

  it('rejects a cycle once, where it closes', async () => {
    const yaml = `${connections}targets:\n  a: [mail, b]\n  b: c\n  c: a\n  self: self\n`;
    expect(await check(yaml)).toEqual([
      { path: 'targets.c', line: 7, message: 'target cycle: a -> b -> c -> a' },
      { path: 'targets.self', line: 8, message: 'target cycle: self -> self' },
    ]);
  });

  it('lets targets name implicit connections, which the file may override', async () => {
    const implicitConnections = { sandbox: { type: 'sandbox' }, mail: { type: 'implicit-smtp' } };
    const file = await files.write(`${connections}targets:\n  try: sandbox/channel/general\n`);
    const config = await loadConfig(file, { env: {}, implicitConnections });
    expect(config.connections).toEqual({
      works: { type: 'naverworks', maxRetryAfter: 900_000 },
      mail: { type: 'smtp', maxRetryAfter: 900_000 },
      sandbox: { type: 'sandbox', maxRetryAfter: 900_000 },
    });
    expect(await check('targets:\n  try: sandbox/channel/general\n')).toEqual([
      {
        path: 'targets.try',
        line: 2,
        message: 'unknown connection "sandbox" (no connections are configured)',
      },
    ]);
  });

  it('rejects a target named like a connection', async () => {
    expect(await check(`${connections}targets:\n  mail: works/user/x\n`)).toEqual([
      {
        path: 'targets.mail',
        line: 5,
        message: '"mail" is both a target and a connection name; rename the target',
      },
    ]);
  });
});

describe('knownApps', () => {
  it('reports an app whose use cannot be resolved at apps.<name>.use, on its line', async () => {
    const yaml =
      'apps:\n  good:\n    use: builtin:heartbeat\n  bad:\n    enabled: false\n    use: ./apps/missing.ts\n';
    const knownApps = (use: string) => (use.startsWith('builtin:') ? null : `app file not found: ${use}`);
    expect(await check(yaml, { knownApps })).toEqual([
      { path: 'apps.bad.use', line: 6, message: 'app file not found: ./apps/missing.ts' },
    ]);
  });

  it('reports a knownApps that throws as an issue, not a crash', async () => {
    const knownApps = () => {
      throw new Error('registry not loaded');
    };
    expect(await check('apps:\n  a: { use: x }\n', { knownApps })).toEqual([
      { path: 'apps.a.use', line: 2, message: 'registry not loaded' },
    ]);
  });
});
