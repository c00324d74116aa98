// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text full of `${…}` references.
import path, { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OpsbotError } from '../errors.ts';
import { ConfigError, checkConfig, formatIssue, loadConfig } from './load.ts';
import { showConfig } from './show.ts';
import { configFiles } from './test-helpers.ts';

const files = configFiles();
afterAll(() => files.cleanup());

/** The example from ARCHITECTURE.md "Config — opsbot.yaml (contract)", verbatim. */
const EXAMPLE = `timezone: Asia/Seoul            # default for schedules
dataDir: ./data                 # SQLite file, control socket, app files
store: sqlite                   # or postgres://user@host:5432/db
queue: local                    # or redis://127.0.0.1:6379 (cluster mode, BullMQ)
http: { host: 127.0.0.1, port: 8080, publicUrl: https://bot.example.com }
secrets:
  masterKey: \${env:OPSBOT_MASTER_KEY}        # encrypts tokens and stored credentials
  vault: { type: azure-keyvault, url: https://example.vault.azure.net }   # optional
connections:                    # name → one external account
  works:
    type: naverworks
    clientId: \${env:WORKS_CLIENT_ID}
    clientSecret: \${env:WORKS_CLIENT_SECRET}
    serviceAccount: abcd.serviceaccount@example.com
    privateKey: \${file:./secrets/works-private.key}
    botId: "2000001"
    botSecret: \${env:WORKS_BOT_SECRET}
    scopes: [bot, calendar, user.read, directory.read]
    # apiUrl / authUrl override the hosts (public-sector tenants, sandbox, tests)
  ops-teams: { type: teams, url: \${env:TEAMS_WORKFLOW_URL} }
targets:                        # where notifications go: connection/kind/id, or a list (fan-out)
  market-desk: works/channel/abc-123
  oncall: [market-desk, ops-teams]
apps:
  holiday-alerter:
    use: builtin:holiday-alerter          # or ./apps/my-app.ts (path relative to this file)
    enabled: true                         # default true
    schedule: "30 7 * * 1-5"              # or { cron, timezone, skip: [weekends, holidays:XKRX] }
    with: { target: market-desk, exchanges: [XKRX, XNYS] }    # app options, validated by the app
`;

const ENV = {
  OPSBOT_MASTER_KEY: 'master-key-value-1',
  WORKS_CLIENT_ID: 'client-id-value',
  WORKS_CLIENT_SECRET: 'client-secret-value',
  WORKS_BOT_SECRET: 'bot-secret-value',
  TEAMS_WORKFLOW_URL: 'https://prod.example/workflows/1?sig=teams-signature',
};
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';
const KEY_FILES = { 'secrets/works-private.key': `${KEY}\n` };

describe('loadConfig', () => {
  it('loads the documented example with secrets resolved', async () => {
    const file = await files.write(EXAMPLE, KEY_FILES);
    const config = await loadConfig(file, { env: ENV });
    const dir = resolve(file, '..');
    expect(config.file).toBe(file);
    expect(config.dataDirPath).toBe(join(dir, 'data'));
    expect(config.timezone).toBe('Asia/Seoul');
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'https://bot.example.com',
      bodyLimit: 1_048_576,
    });
    expect(config.secrets.masterKey).toBe('master-key-value-1');
    expect(config.connections['works']).toEqual({
      type: 'naverworks',
      clientId: 'client-id-value',
      clientSecret: 'client-secret-value',
      serviceAccount: 'abcd.serviceaccount@example.com',
      privateKey: KEY,
      botId: '2000001',
      botSecret: 'bot-secret-value',
      scopes: ['bot', 'calendar', 'user.read', 'directory.read'],
      maxRetryAfter: 900_000,
    });
    expect(config.connections['ops-teams']).toEqual({
      type: 'teams',
      url: ENV.TEAMS_WORKFLOW_URL,
      maxRetryAfter: 900_000,
    });
    expect(config.targets).toEqual({
      'market-desk': 'works/channel/abc-123',
      oncall: ['market-desk', 'ops-teams'],
    });
    expect(config.apps['holiday-alerter']).toEqual({
      use: 'builtin:holiday-alerter',
      enabled: true,
      schedule: '30 7 * * 1-5',
      with: { target: 'market-desk', exchanges: ['XKRX', 'XNYS'] },
      stopTimeout: 10_000,
    });
    expect(config.secretValues.sort()).toEqual([...Object.values(ENV), KEY].sort());
  });

  it('fills in defaults and resolves dataDir against the file, not the cwd', async () => {
    const file = await files.write('apps: {}\n');
    const config = await loadConfig(file, { env: {} });
    expect(config.dataDir).toBe('./data');
    expect(config.dataDirPath).toBe(join(resolve(file, '..'), 'data'));
    expect(config.http.port).toBe(8080);
    expect(config.store).toBe('sqlite');
    expect(config.queue).toBe('local');
    expect(config.log.level).toBe('info');
    expect(config.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    expect(config.secretValues).toEqual([]);
  });

  it('throws ConfigError (code CONFIG) with every issue and the first one as message', async () => {
    const file = await files.write('timezone: Mars/Base\nextra: 1\n');
    const err = await loadConfig(file, { env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toBeInstanceOf(OpsbotError);
    const configError = err as ConfigError;
    expect(configError.code).toBe('CONFIG');
    expect(configError.issues).toEqual([
      { path: 'timezone', line: 1, message: 'not an IANA timezone ("Mars/Base")' },
      { path: 'extra', line: 2, message: 'unknown key' },
    ]);
    // The file is shown relative to the working directory when that is shorter, so compare resolved.
    const [shown, ...rest] = configError.message.split(':1: ');
    expect(path.resolve(shown ?? '')).toBe(file);
    expect(rest.join(':1: ')).toBe('timezone: not an IANA timezone ("Mars/Base")');
  });

  it('says a missing file is not found', async () => {
    const missing = join(resolve(await files.write('{}'), '..'), 'absent.yaml');
    const expected = {
      name: 'ConfigError',
      code: 'CONFIG',
      message: `config file not found: ${missing}`,
      issues: [{ path: '', line: null, message: `config file not found: ${missing}` }],
    };
    await expect(loadConfig(missing)).rejects.toMatchObject(expected);
    await expect(checkConfig(missing)).rejects.toMatchObject(expected);
  });
});

describe('checkConfig issues', () => {
  const check = async (yaml: string, env: Record<string, string> = {}, extra: Record<string, string> = {}) =>
    (await checkConfig(await files.write(yaml, extra), { env })).issues;

  it('points a YAML syntax error at its line', async () => {
    const issues = await check('apps:\n  foo:\n    use: x\n    with: { a: 1\n  bar: 2\n');
    expect(issues[0]).toEqual({
      path: '',
      line: 5,
      message: 'invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
    });
  });

  it('reports a second document in the file', async () => {
    expect(await check('apps: {}\n---\napps: {}\n')).toEqual([
      { path: '', line: 2, message: 'invalid YAML: the file must hold one document (found a second ---)' },
    ]);
  });

  it('reports a repeated key as a YAML error', async () => {
    expect(await check('dataDir: a\ndataDir: b\n')).toEqual([
      { path: '', line: 2, message: 'invalid YAML: Map keys must be unique' },
    ]);
  });

  it('reports every problem in one pass with its path and line', async () => {
    const yaml = [
      'timezone: Europe/Nowhere', // 1
      'dataDir: ./var', // 2
      'colour: blue', // 3
      'http:', // 4
      '  port: "8080"', // 5
      'log: { level: verbose }', // 6
      'apps:', // 7
      '  heartbeat:', // 8
      '    use: builtin:heartbeat', // 9
      '    shedule: "* * * * *"', // 10
      '  report:', // 11
      '    enabled: yes', // 12
      '    schedule:', // 13
      '      cron: "0 25 * * *"', // 14
      '      overlap: sometimes', // 15
      '',
    ].join('\n');
    expect(await check(yaml)).toEqual([
      { path: 'timezone', line: 1, message: 'not an IANA timezone ("Europe/Nowhere")' },
      { path: 'colour', line: 3, message: 'unknown key' },
      { path: 'http.port', line: 5, message: 'expected number, got string' },
      {
        path: 'log.level',
        line: 6,
        message: 'expected one of: trace, debug, info, warn, error (got "verbose")',
      },
      { path: 'apps.heartbeat.shedule', line: 10, message: 'unknown key' },
      { path: 'apps.report.use', line: 11, message: 'required' },
      { path: 'apps.report.enabled', line: 12, message: 'expected boolean, got string' },
      {
        path: 'apps.report.schedule.cron',
        line: 14,
        message: 'not a valid cron expression ("0 25 * * *"): invalid value for hour: 25',
      },
      {
        path: 'apps.report.schedule.overlap',
        line: 15,
        message: 'expected one of: skip, queue, allow (got "sometimes")',
      },
    ]);
  });

  it('rejects an unknown top-level key', async () => {
    expect(await check('apps: {}\nappz:\n  x: 1\n')).toEqual([
      { path: 'appz', line: 2, message: 'unknown key' },
    ]);
  });

  it('rejects a cron string with the wrong number of fields', async () => {
    expect(await check('apps:\n  foo:\n    use: x\n    schedule: "* * *"\n')).toEqual([
      {
        path: 'apps.foo.schedule',
        line: 4,
        message:
          'not a valid cron expression ("* * *"): expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 3',
      },
    ]);
  });

  it('accepts a 6-field cron with seconds first and turning a schedule off', async () => {
    expect(
      await check('apps:\n  a: { use: x, schedule: "0 */5 * * * *" }\n  b: { use: x, schedule: false }\n'),
    ).toEqual([]);
  });

  it('rejects a schedule that is neither string, mapping nor false', async () => {
    expect(await check('apps:\n  foo: { use: x, schedule: 5 }\n')).toEqual([
      { path: 'apps.foo.schedule', line: 2, message: 'expected string, mapping or false, got 5' },
    ]);
  });

  it('rejects a schedule timezone that is not IANA', async () => {
    expect(
      await check('apps:\n  foo:\n    use: x\n    schedule: { cron: "0 9 * * *", timezone: KST }\n'),
    ).toEqual([{ path: 'apps.foo.schedule.timezone', line: 4, message: 'not an IANA timezone ("KST")' }]);
  });

  it('names a missing secret reference and never prints a secret value', async () => {
    const yaml = 'store: ${env:DB_URL}\nsecrets:\n  masterKey: ${env:WORKS_CLIENT_SECRET}\n';
    const issues = await check(yaml, { DB_URL: 'mysql://admin:hunter2-password@db' });
    expect(issues).toEqual([
      { path: 'store', line: 1, message: 'expected sqlite or postgres://…' },
      {
        path: 'secrets.masterKey',
        line: 3,
        message: 'missing secret ${env:WORKS_CLIENT_SECRET}: not set in the environment',
      },
    ]);
  });

  it('reads a file reference relative to the config file, whatever the cwd', async () => {
    const file = await files.write('secrets:\n  masterKey: ${file:keys/master.txt}\n', {
      'keys/master.txt': 'from-a-file\n',
    });
    const config = await loadConfig(file, { env: {} });
    expect(config.secrets.masterKey).toBe('from-a-file');
  });

  it('keeps an escaped $${…} as literal text', async () => {
    const file = await files.write(
      'apps:\n  a:\n    use: x\n    with: { greeting: "cost: $${env:PRICE}" }\n',
    );
    const config = await loadConfig(file, { env: { PRICE: '10' } });
    expect(config.apps['a']?.with).toEqual({ greeting: 'cost: ${env:PRICE}' });
    expect(config.secretValues).toEqual([]);
  });

  it('says an empty file is empty', async () => {
    expect(await check('# only a comment\n')).toEqual([
      { path: '', line: null, message: 'config file is empty' },
    ]);
  });

  it('says a file that is not a mapping is not one', async () => {
    expect(await check('\n- apps\n')).toEqual([
      {
        path: '',
        line: 2,
        message: 'expected a mapping of settings (key: value) at the top level, got list',
      },
    ]);
  });

  it('reports a vault reference as not configured', async () => {
    expect(await check('secrets:\n  masterKey: ${vault:opsbot-master}\n')).toEqual([
      {
        path: 'secrets.masterKey',
        line: 2,
        message: 'cannot resolve ${vault:opsbot-master}: vault is not configured',
      },
    ]);
  });
});

describe('showConfig', () => {
  it('shows references as written and no secret value', async () => {
    const file = await files.write(EXAMPLE, KEY_FILES);
    const config = await loadConfig(file, { env: ENV });
    const shown = showConfig(config);
    for (const value of config.secretValues) expect(shown).not.toContain(value);
    expect(shown).not.toContain('MIIEvQIBADANBg');
    expect(shown).toContain('  masterKey: ${env:OPSBOT_MASTER_KEY}\n');
    expect(shown).toContain('    clientSecret: ${env:WORKS_CLIENT_SECRET}\n');
    expect(shown).toContain('    privateKey: ${file:./secrets/works-private.key}\n');
    expect(shown).toContain('    url: ${env:TEAMS_WORKFLOW_URL}\n');
    expect(shown).toContain('  port: 8080\n');
    expect(shown).not.toContain('secretValues');
  });

  it('scrubs secrets even when the config carries no record of references', async () => {
    const file = await files.write('secrets: { masterKey: "${env:KEY}" }\n');
    const { secretRefs: _dropped, ...config } = await loadConfig(file, { env: { KEY: 'plain-leak-check' } });
    const shown = showConfig(config);
    expect(shown).toContain('  masterKey: "[secret]"\n');
    expect(shown).not.toContain('plain-leak-check');
  });
});

describe('formatIssue', () => {
  it('shows the file relative to the cwd when that is shorter', () => {
    const issue = { path: 'apps.foo.schedule', line: 12, message: 'not a valid cron expression ("* * *")' };
    expect(formatIssue(join(process.cwd(), 'opsbot.yaml'), issue)).toBe(
      'opsbot.yaml:12: apps.foo.schedule: not a valid cron expression ("* * *")',
    );
    expect(
      formatIssue('/elsewhere/opsbot.yaml', { path: '', line: null, message: 'config file is empty' }),
    ).toBe('/elsewhere/opsbot.yaml: config file is empty');
  });
});
