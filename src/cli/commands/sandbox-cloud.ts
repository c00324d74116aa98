import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type KeyVaultEmulator, startKeyVaultEmulator } from '../../sandbox/keyvault/index.ts';
import { type NcpEmulator, seedCustomer, startNcpEmulator } from '../../sandbox/ncp/index.ts';
import { startTeamsSink, type TeamsSink } from '../../sandbox/teams/index.ts';
import { selfSignedCertificate } from '../../sandbox/tls-cert.ts';
import { say } from '../output.ts';

/**
 * `opsbot sandbox --cloud`: what builtin:cloud-report talks to, offline. An NCP API emulator with
 * two customers ("acme": VPC in three regions and Classic; "beta", whose keys live in the vault),
 * an Azure Key Vault emulator over HTTPS (its certificate in a file the daemon must trust through
 * NODE_EXTRA_CA_CERTS) and a Teams Workflows sink with a page of the cards it got. Ids and keys are
 * made once and kept (0600) in <dataDir>/sandbox/cloud/, so a pasted config keeps working.
 */

interface CloudState {
  tenantId: string;
  clientId: string;
  acmeAccessKey: string;
  betaAccessKey: string;
}

export interface CloudFiles {
  dir: string;
  state: CloudState;
  clientSecret: string;
  acmeSecretKey: string;
  betaSecretKey: string;
  teamsUrl: string;
  ca: string;
}

export interface CloudSandbox {
  facts: Record<string, unknown>;
  yaml: string;
  say(): void;
  close(): Promise<void>;
}

const secret = () => randomBytes(24).toString('base64url');
const accessKey = () => `ncp_iam_BP${randomBytes(8).toString('hex').toUpperCase()}`;

function keptFile(file: string, make: () => string): string {
  if (!existsSync(file)) writeFileSync(file, make(), { mode: 0o600 });
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

function cloudFiles(dataDir: string): CloudFiles {
  const dir = path.join(dataDir, 'sandbox', 'cloud');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const state = JSON.parse(
    keptFile(path.join(dir, 'state.json'), () =>
      JSON.stringify({
        tenantId: randomUUID(),
        clientId: randomUUID(),
        acmeAccessKey: accessKey(),
        betaAccessKey: accessKey(),
      }),
    ),
  ) as CloudState;
  const files = {
    clientSecret: path.join(dir, 'vault-client-secret'),
    acmeSecretKey: path.join(dir, 'ncp-acme-secret-key'),
    betaSecretKey: path.join(dir, 'ncp-beta-secret-key'),
  };
  for (const file of Object.values(files)) keptFile(file, secret);
  return {
    dir,
    state,
    ...files,
    teamsUrl: path.join(dir, 'teams-workflow-url'),
    ca: path.join(dir, 'vault-ca.pem'),
  };
}

const read = (file: string) => readFileSync(file, 'utf8').trim();

/** Where the four listen when the caller fixes them (the complete sandbox's port table). */
export interface CloudPorts {
  ncp: number;
  ncpMonitoring: number;
  vault: number;
  teams: number;
}

/** Ports --port + 3 … + 6 (or any free ones with --port 0), unless `fixed` says where. */
export async function startCloud(
  host: string,
  port: number,
  dataDir: string,
  fixed?: CloudPorts,
): Promise<CloudSandbox & { parts: Parts }> {
  const files = cloudFiles(dataDir);
  const offset = (n: number) => (port === 0 ? 0 : port + n);
  const at = fixed ?? { ncp: offset(3), ncpMonitoring: offset(4), vault: offset(5), teams: offset(6) };
  const closers: Array<() => Promise<void>> = [];
  try {
    const ncp = await startNcpEmulator({ host, port: at.ncp, monitoringPort: at.ncpMonitoring });
    closers.push(() => ncp.close());
    seedAccounts(ncp, files);
    const certificate = selfSignedCertificate(host, 'opsbot sandbox key vault');
    if (!certificate) throw new Error('openssl is needed for the Key Vault emulator (HTTPS)');
    writeFileSync(files.ca, certificate.cert, { mode: 0o600 });
    const vault = await startKeyVaultEmulator({
      host,
      port: at.vault,
      tls: certificate,
      tenantId: files.state.tenantId,
      clientId: files.state.clientId,
      clientSecret: read(files.clientSecret),
    });
    closers.push(() => vault.close());
    vault.setSecret('beta', read(files.betaSecretKey), {
      tags: { access_key: files.state.betaAccessKey, customer_type: 'pri', customer_name: 'Beta Corp' },
    });
    const teams = await startTeamsSink({ host, port: at.teams });
    closers.push(() => teams.close());
    writeFileSync(files.teamsUrl, teams.url, { mode: 0o600 });
    const parts = { ncp, vault, teams, files };
    return { ...cloudSandbox(parts, closers), parts };
  } catch (err) {
    for (const close of closers.reverse()) await close();
    throw err;
  }
}

function seedAccounts(ncp: NcpEmulator, files: CloudFiles): void {
  const acme = ncp.addAccount({
    accessKey: files.state.acmeAccessKey,
    secretKey: read(files.acmeSecretKey),
    vpcRegions: ['KR', 'SGN', 'JPN'],
    classicRegions: ['KR'],
  });
  seedCustomer(acme, { servers: 6, perKind: 2 });
  const beta = ncp.addAccount({
    accessKey: files.state.betaAccessKey,
    secretKey: read(files.betaSecretKey),
    vpcRegions: ['KR'],
    classicRegions: ['KR'],
  });
  seedCustomer(beta, { servers: 4, perKind: 1 });
  // What the old report's README shows: a sub-account without the NAS permission.
  beta.failPath('/vnas/v2/getNasVolumeInstanceList', {
    returnCode: '802',
    returnMessage: 'You do not have authority about action : [NAS:View/getNASVolumeInstanceList].',
  });
}

export interface Parts {
  ncp: NcpEmulator;
  vault: KeyVaultEmulator;
  teams: TeamsSink;
  files: CloudFiles;
}

function cloudSandbox(parts: Parts, closers: Array<() => Promise<void>>): CloudSandbox {
  const yaml = cloudYaml(parts);
  const { ncp, vault, teams, files } = parts;
  return {
    yaml,
    facts: {
      ncp: { apiUrl: ncp.apiUrl, monitoringUrl: ncp.monitoringUrl, customers: ['acme', 'beta'] },
      vault: { url: vault.url, authorityHost: vault.authorityHost, ca: files.ca },
      teams: { pageUrl: teams.pageUrl, urlFile: files.teamsUrl },
      secretsDir: files.dir,
      yaml,
    },
    say() {
      say('');
      say(`NCP emulator at ${ncp.apiUrl} (Cloud Insight ${ncp.monitoringUrl}); customers acme and beta`);
      say(`Key Vault emulator at ${vault.url} (HTTPS; certificate ${files.ca})`);
      say(`Teams Workflows sink: cards at ${teams.pageUrl}`);
      say(`Start opsbot so it trusts the vault: NODE_EXTRA_CA_CERTS=${files.ca} opsbot start`);
      say('Add these to opsbot.yaml (keys stay in the files they name):');
      process.stdout.write(`\n${yaml}\n`);
    },
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}

function cloudYaml({ ncp, vault, files }: Parts): string {
  return [
    'secrets:',
    '  vault:',
    '    type: azure-keyvault',
    `    url: ${vault.url}`,
    `    authorityHost: ${vault.authorityHost}`,
    `    tenantId: ${files.state.tenantId}`,
    `    clientId: ${files.state.clientId}`,
    `    clientSecret: \${file:${files.clientSecret}}`,
    'connections:',
    `  ncp-acme: { type: ncp, accessKey: ${files.state.acmeAccessKey}, secretKey: "\${file:${files.acmeSecretKey}}",`,
    `              apiUrl: "${ncp.apiUrl}", monitoringUrl: "${ncp.monitoringUrl}" }`,
    `  ncp-vault: { type: ncp, customersFromVault: true, apiUrl: "${ncp.apiUrl}", monitoringUrl: "${ncp.monitoringUrl}" }`,
    `  ops-teams: { type: teams, url: "\${file:${files.teamsUrl}}" }`,
    'apps:',
    '  cloud-report:',
    '    use: builtin:cloud-report',
    '    with:',
    '      target: ops-teams',
    '      customers: [{ id: acme, name: ACME, connection: ncp-acme }]',
    '      discover: [ncp-vault]',
    '',
  ].join('\n');
}
