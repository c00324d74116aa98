import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isSeq, visit } from 'yaml';
import { TENANT_SCOPES } from '../../sandbox/naverworks/tenant.ts';
import type { Ports } from './sandbox-ports.ts';
import { KAKAO_TAG, OPS_GROUP, REPORT_DIR, REPORT_FILE } from './sandbox-seed.ts';
import { KAKAO_CHANNEL, MAIL_USER, type Stack } from './sandbox-stack.ts';

/**
 * The complete sandbox's example config: one `connections:` block pointing at every emulator
 * (secrets as `${file:…}` references, so printing it leaks nothing), targets on the emulated
 * messengers, and every built-in app wired to them. `--write-config` writes it as a runnable
 * opsbot.yaml.
 */

export const KAKAO_FILE = '카카오 고객';
export const SLACK_CHANNEL = 'C01GENERAL';
export const MAIL_TO = 'ops@sandbox.test';
const DESK_CATALOGUE = `services:
  - name: 와이파이 안내
    code: wifi
    kind: reply
    synonyms: [와이파이, wifi]
    text: 손님용 와이파이는 OPS-Guest, 암호는 안내데스크에 있습니다.
  - name: TG day 등록
    code: tgday
    kind: day-pick
    synonyms: [티지데이, TG day, 티지 데이 등록]
  - name: TG day 조회
    code: get-tgday
    kind: day-lookup
    synonyms: [티지데이 조회]
`;

const file = (p: string) => `\${file:${p}}`;

export interface ExampleInput {
  stack: Stack;
  ports: Ports;
  dataDir: string;
  daemonPort: number;
}

function connections(x: ExampleInput): Record<string, unknown> {
  const { tenant, works, slack, slackSecrets, webex, webexSecrets, mail, secrets, cloud } = x.stack;
  const worksBase = {
    type: 'naverworks',
    apiUrl: works.apiUrl,
    authUrl: works.authUrl,
    clientId: tenant.facts.clientId,
    clientSecret: file(tenant.files.clientSecret),
    serviceAccount: tenant.facts.serviceAccount,
    privateKey: file(tenant.files.privateKey),
  };
  const { files } = cloud.parts;
  const { state } = files;
  return {
    works: {
      ...worksBase,
      botId: tenant.facts.botId,
      botSecret: file(tenant.files.botSecret),
      scopes: [...TENANT_SCOPES, 'contact.read'],
    },
    // Drive and folders take a person's token only (the API refuses service accounts).
    'works-drive': {
      ...worksBase,
      auth: 'user',
      redirectUri: `http://127.0.0.1:${x.daemonPort}/oauth/works-drive/callback`,
      scopes: ['file', 'group.folder', 'directory.read', 'user.read'],
    },
    slack: {
      type: 'slack',
      botToken: file(slackSecrets.files.botToken),
      signingSecret: file(slackSecrets.files.signingSecret),
      apiUrl: slack.apiUrl,
    },
    webex: { type: 'webex', token: file(webexSecrets.tokenFile), apiUrl: webex.apiUrl },
    mail: {
      type: 'smtp',
      host: mail.host,
      port: mail.port,
      user: MAIL_USER,
      password: file(secrets.mailPassword),
      from: `opsbot <${MAIL_USER}>`,
      to: [MAIL_TO],
      ...(secrets.mailCa ? { tls: { ca: file(secrets.mailCa) } } : { requireTLS: false }),
    },
    'ncp-acme': {
      type: 'ncp',
      accessKey: state.acmeAccessKey,
      secretKey: file(files.acmeSecretKey),
      apiUrl: cloud.parts.ncp.apiUrl,
      monitoringUrl: cloud.parts.ncp.monitoringUrl,
    },
    'ncp-vault': {
      type: 'ncp',
      customersFromVault: true,
      apiUrl: cloud.parts.ncp.apiUrl,
      monitoringUrl: cloud.parts.ncp.monitoringUrl,
    },
    'ops-teams': { type: 'teams', url: file(files.teamsUrl) },
  };
}

/** The apps the hub's controls set off: switches, notices, FEP frames. */
function eventApps(x: ExampleInput): Record<string, unknown> {
  const { agents, cli, notices } = x.stack;
  const snmpDevices = agents.devices.map((d) => ({
    name: d.name,
    host: d.host,
    port: d.port,
    method: 'snmp',
    snmp: { version: '2c', community: 'public' },
  }));
  const sw1 = cli.device('sw1');
  const sshDevice = {
    name: 'sw1-ssh',
    host: sw1.host,
    port: sw1.sshPort,
    method: 'ssh',
    cli: { username: 'admin', password: 'cisco' },
  };
  const everyMinute = { cron: '* * * * *', overlap: 'skip' };
  return {
    network: {
      use: 'builtin:network-checker',
      schedule: everyMinute,
      with: { target: 'ops', devices: [...snmpDevices, sshDevice] },
    },
    notices: {
      use: 'builtin:notice-watcher',
      schedule: everyMinute,
      with: {
        watches: [
          {
            name: 'sandbox-notices',
            target: 'ops',
            minIntervalSeconds: 0,
            source: { type: 'rss', url: `${notices.url}/feed.rss` },
          },
        ],
      },
    },
    'market-alert': {
      use: 'builtin:market-alert',
      with: {
        target: 'market',
        sources: [{ ip: '127.0.0.1', name: 'FEP-SANDBOX' }],
        fep: { host: '127.0.0.1', port: x.ports.fep },
      },
    },
  };
}

/** The apps that run on a schedule (or `opsbot run`) against the other emulators. */
function scheduledApps(x: ExampleInput): Record<string, unknown> {
  const { kakao, hr, secrets, tenant } = x.stack;
  return {
    'holiday-checker': {
      use: 'builtin:holiday-checker',
      with: { exchanges: ['XKRX'], days: 60, target: 'ops', autoApply: true },
    },
    'holiday-alerter': {
      use: 'builtin:holiday-alerter',
      with: { target: 'ops', exchanges: ['XKRX', 'XNYS'] },
    },
    'token-refresher': { use: 'builtin:token-refresher', with: { target: 'admin', connections: ['works'] } },
    'contact-sync': {
      use: 'builtin:contact-sync',
      with: {
        kakao: {
          apiKey: file(secrets.kakaoKey),
          channelPublicId: KAKAO_CHANNEL,
          fileName: KAKAO_FILE,
          baseUrl: kakao.url,
        },
        sources: [{ type: 'contacts', tags: [KAKAO_TAG] }],
        fields: { 이름: '{name}' },
        target: 'ops',
      },
    },
    'weekly-report': {
      use: 'builtin:weekly-report',
      with: {
        connection: 'works-drive',
        location: { group: OPS_GROUP.groupName },
        dir: REPORT_DIR,
        yearFolder: '',
        fileName: REPORT_FILE,
        anyDay: true,
        target: 'ops',
      },
    },
    'cloud-report': {
      use: 'builtin:cloud-report',
      with: {
        target: 'cloud',
        customers: [{ id: 'acme', name: 'ACME', connection: 'ncp-acme' }],
        discover: ['ncp-vault'],
      },
    },
    'service-desk': {
      use: 'builtin:service-desk',
      with: {
        catalogue: path.join(secrets.dir, '..', 'desk-catalogue.yaml'),
        mail: 'mail',
        teams: [{ name: OPS_GROUP.groupName, manager: MAIL_TO }],
        people: tenant.facts.users.map((u) => ({
          name: `${u.lastName ?? ''}${u.firstName ?? ''}`,
          email: u.email,
          team: OPS_GROUP.groupName,
          ids: [u.userId],
        })),
      },
    },
    attendance: {
      use: 'builtin:attendance',
      with: { target: `slack/channel/C02ATTEND`, site: hr.recipe },
    },
  };
}

/** The whole example: runnable as opsbot.yaml once written. */
export interface Example {
  doc: Record<string, unknown>;
  /** `connections:` alone, printed first. */
  connectionsYaml: string;
  /** Everything but `connections:`, printed after it. */
  restYaml: string;
  /** The whole config, as --write-config writes it. */
  yaml: string;
}

export function exampleConfig(x: ExampleInput): Example {
  const { stack } = x;
  const channel = stack.tenant.facts.channels[0]?.channelId ?? '';
  const works = `works/channel/${channel}`;
  const conns = connections(x);
  const doc: Record<string, unknown> = {
    timezone: 'Asia/Seoul',
    dataDir: path.resolve(x.dataDir),
    http: { host: '127.0.0.1', port: x.daemonPort, publicUrl: `http://127.0.0.1:${x.daemonPort}` },
    secrets: {
      vault: {
        type: 'azure-keyvault',
        url: stack.cloud.parts.vault.url,
        authorityHost: stack.cloud.parts.vault.authorityHost,
        tenantId: stack.cloud.parts.files.state.tenantId,
        clientId: stack.cloud.parts.files.state.clientId,
        clientSecret: file(stack.cloud.parts.files.clientSecret),
      },
    },
    connections: conns,
    targets: {
      ops: works,
      market: [works, `slack/channel/${SLACK_CHANNEL}`, 'mail'],
      admin: [works, 'mail'],
      cloud: 'ops-teams',
    },
    holidayProviders: {
      datagokr: { serviceKey: file(stack.secrets.datagokrKey), url: stack.datagokr.url },
      abstract: { apiKey: file(stack.secrets.abstractKey), url: stack.abstract.url },
    },
    apps: { ...eventApps(x), ...scheduledApps(x) },
  };
  const { connections: _, ...rest } = doc;
  return { doc, connectionsYaml: toYaml({ connections: conns }), restYaml: toYaml(rest), yaml: toYaml(doc) };
}

/** Short lists and small maps on one line, the way the README writes them. */
function toYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Seq(_key, node) {
      if (node.items.every((i) => !isMap(i) && !isSeq(i))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 120 });
}

/** The catalogue service-desk reads; written next to the other sandbox files. */
export function writeDeskCatalogue(stack: Stack): void {
  writeFileSync(path.join(stack.secrets.dir, '..', 'desk-catalogue.yaml'), DESK_CATALOGUE);
}

export function writeConfig(target: string, yaml: string): void {
  const header = [
    '# Written by `opsbot sandbox --write-config`: every built-in app wired to the sandbox emulators.',
    '# Secrets stay in the files the file references below name. Regenerate rather than edit.',
    '',
  ].join('\n');
  writeFileSync(target, `${header}${yaml}`, { mode: 0o600 });
}
