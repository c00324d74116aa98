// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${vault:…}` references.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyVaultEmulator } from '../../src/sandbox/keyvault/index.ts';
import { startTestKeyVault } from '../../src/sandbox/keyvault/testkit.ts';
import { type NcpEmulator, seedCustomer, startNcpEmulator } from '../../src/sandbox/ncp/index.ts';
import { startTeamsSink, type TeamsSink } from '../../src/sandbox/teams/index.ts';
import { type CliResult, Project, until } from '../helpers/cli.ts';
import { expectNoSecrets, filesUnder } from '../helpers/leaks.ts';
import { freePort } from '../helpers/works.ts';

/**
 * Secrets that come from the vault (an NCP secret key, a customer's key found by discovery, a Teams
 * workflow URL) and the vault's own client secret, driven through an NCP 802, a Teams 429, a
 * `config check` whose vault login is refused and every read-only command; then every CLI output,
 * log file and byte of the data folder is searched for them. None may appear.
 */

const SECRETS = {
  acmeKey: 'leak-ncp-acme-secret-key-7f3a9c',
  betaKey: 'leak-ncp-beta-secret-key-21d4e8',
  clientSecret: 'leak-vault-client-secret-9b0e55',
  wrongClientSecret: 'leak-vault-wrong-client-secret-3c81',
  teamsSig: '',
};
const ACME_ACCESS = 'ncp_iam_BPLEAKACME000001';
const BETA_ACCESS = 'ncp_iam_BPLEAKBETA000002';

const project = new Project('opsbot-leak-cloud-');
const outputs: string[] = [];
let ncp: NcpEmulator;
let vault: KeyVaultEmulator;
let teams: TeamsSink;

async function run(...args: string[]): Promise<CliResult> {
  const r = await project.run(...args);
  outputs.push(`$ ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r;
}

function config(port: number, clientSecretFile: string): string {
  const urls = `apiUrl: "${ncp.apiUrl}", monitoringUrl: "${ncp.monitoringUrl}"`;
  return [
    'dataDir: ./data',
    `http: { host: 127.0.0.1, port: ${port} }`,
    'delivery: { backoff: 100 }',
    'secrets:',
    `  vault: { type: azure-keyvault, url: "${vault.url}", authorityHost: "${vault.authorityHost}",`,
    `           tenantId: ${vault.tenantId}, clientId: ${vault.clientId}, clientSecret: "\${file:./${clientSecretFile}}" }`,
    'connections:',
    `  ncp-acme: { type: ncp, accessKey: ${ACME_ACCESS}, secretKey: "\${vault:acme-key}", ${urls} }`,
    `  ncp-vault: { type: ncp, customersFromVault: true, ${urls} }`,
    '  ops-teams: { type: teams, url: "${vault:teams-url}" }',
    'apps:',
    '  cloud-report:',
    '    use: builtin:cloud-report',
    '    with:',
    '      target: ops-teams',
    '      metrics: false',
    '      discover: [ncp-vault]',
    '      customers: [{ id: acme, connection: ncp-acme, platforms: [vpc], regions: [KR] }]',
  ].join('\n');
}

beforeAll(async () => {
  ncp = await startNcpEmulator();
  const acme = ncp.addAccount({ accessKey: ACME_ACCESS, secretKey: SECRETS.acmeKey, vpcRegions: ['KR'] });
  seedCustomer(acme, { platforms: ['vpc'], servers: 1, perKind: 1 });
  acme.failPath('/vnas/v2/getNasVolumeInstanceList', { returnCode: '802', returnMessage: 'no NAS for you' });
  const beta = ncp.addAccount({ accessKey: BETA_ACCESS, secretKey: SECRETS.betaKey, vpcRegions: ['KR'] });
  seedCustomer(beta, { platforms: ['vpc'], servers: 1, perKind: 1 });
  teams = await startTeamsSink();
  SECRETS.teamsSig = new URL(teams.url).searchParams.get('sig') ?? '';
  expect(SECRETS.teamsSig.length).toBeGreaterThan(10);
  vault = await startTestKeyVault({ clientSecret: SECRETS.clientSecret });
  vault.setSecret('acme-key', SECRETS.acmeKey);
  vault.setSecret('teams-url', teams.url);
  vault.setSecret('beta', SECRETS.betaKey, { tags: { access_key: BETA_ACCESS, customer_type: 'pri' } });
  project.write('client-secret', SECRETS.clientSecret);
  project.write('wrong-client-secret', SECRETS.wrongClientSecret);
  const port = await freePort();
  project.write('opsbot.yaml', config(port, 'client-secret'));
  project.write('wrong.yaml', config(port, 'wrong-client-secret'));
  const started = await run('start', '--wait');
  expect(started.code, started.stderr).toBe(0);
});

afterAll(async () => {
  await project.cleanup();
  await Promise.all([ncp?.close(), vault?.close(), teams?.close()]);
});

describe('no secret that comes from the vault leaks', () => {
  it('runs every path with the secrets in play', async () => {
    teams.failNext(1, 429, 1);
    const report = await run('run', 'cloud-report', '--set', 'period=2026-11');
    expect(report.code, report.stdout + report.stderr).toBe(0);
    await until('the 802 card after the 429', () =>
      teams.cards.some((c) => JSON.stringify(c.card).includes('no NAS for you')),
    );
    // A refused vault login: every vault reference is an error, naming references, never values.
    const refused = await run('config', 'check', '--config', 'wrong.yaml');
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/\$\{vault:acme-key\}/);
    for (const args of [
      ['status', '--json'],
      ['config', 'show'],
      ['logs', 'cloud-report'],
      ['logs', 'opsbot'],
      ['outbox', 'list'],
    ]) {
      expect((await run(...args)).code).toBe(0);
    }
  });

  it('finds no secret in any output, log or data file', () => {
    expect(filesUnder(project.path('data')).some((f) => f.endsWith('cloud-report.log'))).toBe(true);
    expectNoSecrets(SECRETS, outputs, project.path('data'));
  });
});
