// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the config under test holds `${vault:…}` references.
import { readdirSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyVaultEmulator } from '../../src/sandbox/keyvault/index.ts';
import { startTestKeyVault } from '../../src/sandbox/keyvault/testkit.ts';
import { type NcpEmulator, seedCustomer, startNcpEmulator } from '../../src/sandbox/ncp/index.ts';
import { startTeamsSink, type TeamsSink } from '../../src/sandbox/teams/index.ts';
import { Project, until } from '../helpers/cli.ts';
import { freePort } from '../helpers/works.ts';

/**
 * Seed 003 end to end: a daemon whose vault is the Key Vault emulator (HTTPS, trusted through
 * NODE_EXTRA_CA_CERTS, client credentials against its Entra endpoint), NCP connections to the NCP
 * emulator (one with keys from the vault, one standing for the customers the vault lists) and a
 * Teams connection to the Workflows sink whose URL is itself a vault secret. `opsbot run
 * cloud-report --set period=2026-11` collects acme (VPC, three regions, one kind excluded, NAS
 * refused with 802) and beta (Classic, discovered from the vault).
 */

const NAS_802 = 'You do not have authority about action : [NAS:View/getNASVolumeInstanceList].';
const ACME = { accessKey: 'ncp_iam_BPAMKR0000ACME01', secretKey: 'acme-secret-key-e2e-0123456789' };
const BETA = { accessKey: 'ncp_iam_BPAMKR0000BETA02', secretKey: 'beta-secret-key-e2e-9876543210' };
const DIR = 'data/apps/cloud-report/2026-11';

let ncp: NcpEmulator;
let vault: KeyVaultEmulator;
let teams: TeamsSink;
const project = new Project('opsbot-cloud-');
/** Resources the emulator holds, by customer, kind and (platform, region): the truth the outputs must match. */
const seeded = new Map<string, number>();
let firstRun = { code: -1, stdout: '', stderr: '' };

beforeAll(async () => {
  ncp = await startNcpEmulator();
  const acme = ncp.addAccount({ ...ACME, vpcRegions: ['KR', 'SGN', 'JPN'], classicRegions: ['KR'] });
  count('acme', seedCustomer(acme, { platforms: ['vpc'], servers: 3, perKind: 1 }));
  acme.failPath('/vnas/v2/getNasVolumeInstanceList', { returnCode: '802', returnMessage: NAS_802 });
  const beta = ncp.addAccount({ ...BETA, vpcRegions: ['KR'], classicRegions: ['KR'] });
  count('beta', seedCustomer(beta, { platforms: ['classic'], servers: 4, perKind: 1 }));

  teams = await startTeamsSink();
  vault = await startTestKeyVault();
  vault.setSecret('acme-ncp-secret', ACME.secretKey);
  vault.setSecret('teams-ops-url', teams.urlFor('ops'));
  vault.setSecret('beta', BETA.secretKey, {
    tags: { access_key: BETA.accessKey, customer_type: 'pri', customer_name: 'Beta Corp' },
  });
  // Disabled: the old report skipped such customers, and so does discovery.
  vault.setSecret('gamma', 'gamma-secret-key-disabled', {
    tags: { access_key: 'ncp_iam_X', customer_type: 'pri' },
  });
  vault.disable('gamma');

  project.write('vault-client-secret', vault.clientSecret);
  project.write('opsbot.yaml', await config());
  const check = await project.run('config', 'check');
  expect(check.code, check.stdout + check.stderr).toBe(0);
  const started = await project.run('start', '--wait');
  expect(started.code, started.stderr).toBe(0);
  firstRun = await project.run('run', 'cloud-report', '--set', 'period=2026-11');
}, 60_000);

afterAll(async () => {
  await project.cleanup();
  await Promise.all([ncp?.close(), vault?.close(), teams?.close()]);
});

function count(customer: string, groups: ReturnType<typeof seedCustomer>): void {
  for (const g of groups) {
    const key = `${customer}/${g.kind}`;
    seeded.set(key, (seeded.get(key) ?? 0) + g.items.length);
  }
}

async function config(): Promise<string> {
  const port = await freePort();
  const urls = `apiUrl: "${ncp.apiUrl}", monitoringUrl: "${ncp.monitoringUrl}"`;
  return [
    'dataDir: ./data',
    `http: { host: 127.0.0.1, port: ${port} }`,
    'secrets:',
    '  vault:',
    '    type: azure-keyvault',
    `    url: ${vault.url}`,
    `    authorityHost: ${vault.authorityHost}`,
    `    tenantId: ${vault.tenantId}`,
    `    clientId: ${vault.clientId}`,
    '    clientSecret: ${file:vault-client-secret}',
    'connections:',
    `  ncp-acme: { type: ncp, accessKey: ${ACME.accessKey}, secretKey: "\${vault:acme-ncp-secret}", ${urls} }`,
    `  ncp-vault: { type: ncp, customersFromVault: true, ${urls} }`,
    '  ops-teams: { type: teams, url: "${vault:teams-ops-url}" }',
    'apps:',
    '  cloud-report:',
    '    use: builtin:cloud-report',
    '    with:',
    '      target: ops-teams',
    '      discover: [ncp-vault]',
    '      customers:',
    '        - { id: acme, name: ACME, connection: ncp-acme, platforms: [vpc], exclude: [cloud-redis] }',
    '        - { id: beta, connection: ncp-vault, platforms: [classic] }',
  ].join('\n');
}

function rows(table: string, customer: string): number {
  const db = new DatabaseSync(project.path('data/apps/cloud-report/db.sqlite'), { readOnly: true });
  try {
    const row = db
      .prepare(`select count(*) as n from ${table} where period = '2026-11' and customer = ?`)
      .get(customer) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

const json = (customer: string, kind: string): unknown[] =>
  JSON.parse(project.read(`${DIR}/${customer}/${kind}.json`)) as unknown[];

describe('cloud-report against the NCP, Key Vault and Teams emulators', () => {
  it('runs to the end (exit 0): one kind failed for one customer, no customer failed', () => {
    expect(firstRun.code, firstRun.stdout + firstRun.stderr).toBe(0);
  });

  it('writes every resource to the JSON files and the database, per customer and kind', () => {
    for (const [key, n] of seeded) {
      const [customer = '', kind = ''] = key.split('/');
      if (kind === 'nas' && customer === 'acme') continue;
      if (kind === 'cloud-redis' && customer === 'acme') continue;
      expect(json(customer, kind), key).toHaveLength(n);
      expect(rows(kind.replaceAll('-', '_'), customer), key).toBe(n);
    }
    // acme's servers in all three VPC regions.
    const regions = new Set((json('acme', 'server') as Array<{ region: string }>).map((s) => s.region));
    expect([...regions].sort()).toEqual(['JPN', 'KR', 'SGN']);
    expect(rows('server_metric', 'acme')).toBeGreaterThan(0);
  });

  it('never calls the excluded kind, and calls beta only on Classic with its vault keys', () => {
    const acmeCalls = ncp.calls.filter((c) => c.accessKey === ACME.accessKey);
    expect(acmeCalls.some((c) => c.path === '/vredis/v2/getCloudRedisInstanceList')).toBe(false);
    expect(acmeCalls.some((c) => c.path.startsWith('/server/v2/'))).toBe(false);
    const betaCalls = ncp.calls.filter((c) => c.accessKey === BETA.accessKey);
    expect(betaCalls.length).toBeGreaterThan(0);
    expect(
      betaCalls
        .filter((c) => c.listener === 'api')
        .every(
          (c) =>
            c.path.startsWith('/server/v2/') ||
            c.path.startsWith('/loadbalancer/v2/') ||
            c.path.startsWith('/clouddb/v2/'),
        ),
    ).toBe(true);
    expect(ncp.calls.every((c) => c.status !== 401)).toBe(true);
  });

  it("posts the 802 to Teams as a card with NCP's message, then a summary", async () => {
    // `opsbot run` returns when the run ends; its messages are then in the outbox, on their way.
    const opsCards = () => teams.cards.filter((c) => c.workflow === 'ops').map((c) => JSON.stringify(c.card));
    await until('the summary card', () => opsCards().some((c) => c.includes('{"title":"customers"')));
    const cards = opsCards();
    expect(teams.failedRuns).toEqual([]);
    const nas = cards.find((c) => c.includes(NAS_802));
    expect(nas).toBeDefined();
    for (const fact of ['acme', 'vpc', 'nas', '/vnas/v2/getNasVolumeInstanceList'])
      expect(nas).toContain(fact);
    // One 802 per VPC region of acme, then one summary: both customers, every resource, 3 errors.
    expect(cards.filter((c) => c.includes(NAS_802))).toHaveLength(3);
    const summaries = cards.filter((c) => c.includes('{"title":"customers"'));
    expect(summaries).toHaveLength(1);
    const total = [...seeded].filter(([k]) => k !== 'acme/nas' && k !== 'acme/cloud-redis');
    for (const fact of [
      { title: 'customers', value: '2' },
      { title: 'resources', value: String(total.reduce((n, [, c]) => n + c, 0)) },
      { title: 'errors', value: '3' },
    ])
      expect(summaries[0]).toContain(JSON.stringify(fact));
  });

  it('writes one workbook per customer with a sheet per kind and a changes sheet', async () => {
    for (const customer of ['acme', 'beta']) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(project.path(`${DIR}/${customer}/${customer}-2026-11.xlsx`));
      const names = book.worksheets.map((s) => s.name);
      expect(names).toContain('server');
      expect(names).toContain('changes');
      const servers = book.getWorksheet('server');
      expect((servers?.actualRowCount ?? 0) - 1).toBe(seeded.get(`${customer}/server`));
    }
  });

  it('a re-run of the period leaves the same rows and files', async () => {
    const before = ['server', 'block_storage', 'public_ip', 'server_metric'].map((t) => rows(t, 'acme'));
    const files = readdirSync(project.path(`${DIR}/acme`)).sort();
    const again = await project.run('run', 'cloud-report', '--set', 'period=2026-11', '--set', 'only=[acme]');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(['server', 'block_storage', 'public_ip', 'server_metric'].map((t) => rows(t, 'acme'))).toEqual(
      before,
    );
    expect(readdirSync(project.path(`${DIR}/acme`)).sort()).toEqual(files);
  });

  it('config check names a missing and a disabled vault secret with their lines', async () => {
    const text = (await config()).replace('${vault:acme-ncp-secret}', '${vault:no-such-secret}');
    project.write('broken.yaml', text.replace('${vault:teams-ops-url}', '${vault:gamma}'));
    const check = await project.run('config', 'check', '--config', 'broken.yaml');
    expect(check.code).toBe(1);
    const out = check.stdout + check.stderr;
    const line = (ref: string) => text.split('\n').findIndex((l) => l.includes(ref)) + 1;
    expect(out).toContain(
      `broken.yaml:${line('no-such-secret')}: connections.ncp-acme.secretKey: missing secret \${vault:no-such-secret}: secret "no-such-secret" is not in the vault`,
    );
    expect(out).toContain(
      `broken.yaml:${line('teams-ops-url')}: connections.ops-teams.url: missing secret \${vault:gamma}: secret "gamma" is disabled in the vault`,
    );
    expect(out).not.toContain('gamma-secret-key-disabled');
  });

  it('after a vault change and `opsbot reload`, the connection uses the new secret', async () => {
    vault.setSecret('teams-ops-url', teams.urlFor('ops-2'));
    const reloaded = await project.run('reload');
    expect(reloaded.code, reloaded.stdout + reloaded.stderr).toBe(0);
    const run = await project.run('run', 'cloud-report', '--set', 'period=2026-11', '--set', 'only=[beta]');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    await until('a card in the new workflow', () => teams.cards.some((c) => c.workflow === 'ops-2'));
  });
});
