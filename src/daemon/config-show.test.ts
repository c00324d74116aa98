import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config/load.ts';
import { showConfig } from '../platform/config/show.ts';
import { configFiles } from '../platform/config/test-helpers.ts';
import { loadOptions } from './config.ts';

const files = configFiles();
afterAll(() => files.cleanup());

const PLAIN = {
  sandbox: 'sandbox-plain-secret-1',
  urlPassword: 'url-pass-word-2',
  storePassword: 'pg-pass-word-3',
  token: 'query-token-value-4',
  apiKey: 'x-api-key-value-5',
  clientSecret: 'works-client-secret-6',
  appKey: 'app-api-key-7',
  masterKey: 'master-key-plain-8',
  sig: 'teams-sig-value-9',
};

describe('config show masks secrets written in plain', () => {
  it('masks secret fields, credential-like keys, and credentials inside URLs', async () => {
    const file = await files.write(
      [
        `store: postgres://opsbot:${PLAIN.storePassword}@db.internal:5432/opsbot`,
        `secrets: { masterKey: ${PLAIN.masterKey} }`,
        'connections:',
        `  sandbox: { type: sandbox, secret: ${PLAIN.sandbox} }`,
        '  hook:',
        '    type: webhook',
        `    url: https://bot:${PLAIN.urlPassword}@hooks.example.com/in?access_token=${PLAIN.token}&team=ops`,
        `    headers: { X-Api-Key: ${PLAIN.apiKey} }`,
        `  teams: { type: webhook, url: "https://prod.example.com/workflows/1?api-version=1&sig=${PLAIN.sig}" }`,
        `  works: { type: naverworks, clientId: c1, clientSecret: ${PLAIN.clientSecret} }`,
        'apps:',
        '  a:',
        '    use: builtin:market-alert',
        '    enabled: false',
        `    env: { SERVICE_API_KEY: ${PLAIN.appKey} }`,
        '',
      ].join('\n'),
    );
    const shown = showConfig(await loadConfig(file, { ...loadOptions(file), env: {} }));
    for (const [what, value] of Object.entries(PLAIN))
      expect([what, shown.includes(value)]).toEqual([what, false]);
    expect(shown).toContain('store: postgres://opsbot:[secret]@db.internal:5432/opsbot\n');
    expect(shown).toContain('  masterKey: "[secret]"\n');
    expect(shown).toContain('    secret: "[secret]"\n');
    // The webhook's user:pass@ became an Authorization header, which is masked like every header.
    expect(shown).toContain('    url: https://hooks.example.com/in?access_token=[secret]&team=ops\n');
    expect(shown).toContain('      X-Api-Key: "[secret]"\n      authorization: "[secret]"\n');
    expect(shown).toContain('    url: https://prod.example.com/workflows/1?api-version=1&sig=[secret]\n');
    expect(shown).toContain('    clientId: c1\n    clientSecret: "[secret]"\n');
    expect(shown).toContain('      SERVICE_API_KEY: "[secret]"\n');
  });
});
