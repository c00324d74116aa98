import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILTIN_EXCHANGES } from '../../engine/calendars/exchanges/index.ts';
import { errorMessage, OpsbotError } from '../../platform/errors.ts';
import {
  type HolidayEmulator,
  startAbstractEmulator,
  startDataGoKrEmulator,
} from '../../sandbox/holidays/index.ts';
import { type HrSite, startHrSite } from '../../sandbox/hr/index.ts';
import { type KakaoEmulator, startKakaoEmulator } from '../../sandbox/kakao/customer-files.ts';
import { type MailSink, startMailSink } from '../../sandbox/mail/index.ts';
import { startWorksEmulator, type WorksEmulator } from '../../sandbox/naverworks/emulator.ts';
import {
  loadOrCreateTenant,
  type SandboxTenant,
  tenantEmulatorOptions,
} from '../../sandbox/naverworks/tenant.ts';
import {
  type CiscoCli,
  gigabitPorts,
  type SnmpAgents,
  startCiscoCli,
  startSnmpAgents,
} from '../../sandbox/network/index.ts';
import { type NoticeSite, type SiteNotice, startNoticeSite } from '../../sandbox/notices/site.ts';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack/index.ts';
import { loadOrCreateSlackSecrets, type SlackSecrets } from '../../sandbox/slack/secrets.ts';
import { startWebexEmulator, type WebexEmulator } from '../../sandbox/webex/index.ts';
import { loadOrCreateWebexSecrets, type WebexSecrets } from '../../sandbox/webex/secrets.ts';
import { type CloudSandbox, type Parts, startCloud } from './sandbox-cloud.ts';
import type { Ports } from './sandbox-ports.ts';
import { tenantExtras } from './sandbox-seed.ts';

/**
 * Every emulator of the complete sandbox, each on its fixed port. Secrets (keys the emulators
 * check) are made once and kept (0600) under <dataDir>/sandbox/, as the NAVER WORKS tenant's are,
 * so the written config refers to them with `${file:…}` and survives restarts.
 */

export const MAIL_USER = 'bot@sandbox.test';
export const KAKAO_CHANNEL = '_opsbot';
export const SWITCHES = ['sw1', 'sw2', 'sw3'];

export interface StackSecrets {
  dir: string;
  mailPassword: string;
  kakaoKey: string;
  datagokrKey: string;
  abstractKey: string;
  mailCa?: string;
}

export interface Stack {
  tenant: SandboxTenant;
  works: WorksEmulator;
  slack: SlackEmulator;
  slackSecrets: SlackSecrets;
  webex: WebexEmulator;
  webexSecrets: WebexSecrets;
  cloud: CloudSandbox & { parts: Parts };
  mail: MailSink;
  kakao: KakaoEmulator;
  hr: HrSite;
  notices: NoticeSite;
  /** What the notice site lists, newest first (the site keeps no list a caller can read). */
  noticeList: SiteNotice[];
  datagokr: HolidayEmulator;
  /** The data.go.kr emulator's days; the hub adds to it and the emulator reads it per request. */
  datagokrDays: Array<{ date: string; name: string }>;
  /** The days a person added on the hub, shown there. */
  datagokrAdded: Array<{ date: string; name: string }>;
  abstract: HolidayEmulator;
  agents: SnmpAgents;
  cli: CiscoCli;
  secrets: StackSecrets;
  close(): Promise<void>;
}

function kept(dir: string, name: string, make = () => randomBytes(18).toString('base64url')): string {
  const file = path.join(dir, name);
  if (!existsSync(file)) writeFileSync(file, make(), { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

function stackSecrets(dataDir: string): StackSecrets {
  const dir = path.join(path.resolve(dataDir), 'sandbox', 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return {
    dir,
    mailPassword: kept(dir, 'mail-password'),
    kakaoKey: kept(dir, 'kakao-api-key'),
    datagokrKey: kept(dir, 'datagokr-service-key'),
    abstractKey: kept(dir, 'abstract-api-key'),
  };
}

/**
 * The providers start out agreeing with the built-in XKRX calendar (this year and next), so
 * holiday-checker reports only what a person adds on the hub, not every exchange-only day.
 */
function krxClosures(): Array<{ date: string; name: string }> {
  const year = new Date().getUTCFullYear();
  const rules = BUILTIN_EXCHANGES.get('XKRX');
  return rules ? [...rules.closures(year), ...rules.closures(year + 1)].map((c) => ({ ...c })) : [];
}

const read = (file: string) => readFileSync(file, 'utf8').trim();

export interface StackOptions {
  host: string;
  ports: Ports;
  dataDir: string;
  /** The daemon's base URL, where NAVER WORKS callbacks and Slack requests go. */
  daemonUrl: string;
}

/** Starts one emulator, naming it when it fails, and remembers how to stop it. */
class Starter {
  readonly closers: Array<() => Promise<void>> = [];
  async start<T extends { close(): Promise<void> }>(
    what: string,
    port: number,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      const started = await run();
      this.closers.push(() => started.close());
      return started;
    } catch (err) {
      throw new OpsbotError('SANDBOX', `cannot start the ${what} on port ${port}: ${errorMessage(err)}`);
    }
  }
  async closeAll(): Promise<void> {
    for (const close of this.closers.reverse()) await close().catch(() => undefined);
  }
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const s = new Starter();
  try {
    return await startAll(o, s);
  } catch (err) {
    await s.closeAll();
    throw err;
  }
}

/** The three chat emulators, each with its kept secrets; what they send the bot goes to the daemon. */
async function startMessengers(o: StackOptions, s: Starter) {
  const { host, ports, dataDir } = o;
  const tenant = loadOrCreateTenant(dataDir);
  const callbackUrl = `${o.daemonUrl}/hooks/works`;
  const works = await s.start('NAVER WORKS emulator', ports.works, async () =>
    startWorksEmulator({
      ...tenantEmulatorOptions(tenant, { host, port: ports.works, callbackUrl }),
      ...(await tenantExtras(tenant)),
    }),
  );
  const slackSecrets = loadOrCreateSlackSecrets(dataDir);
  const slack = await s.start('Slack emulator', ports.slack, () =>
    startSlackEmulator({
      host,
      port: ports.slack,
      botToken: slackSecrets.botToken,
      appToken: slackSecrets.appToken,
      signingSecret: slackSecrets.signingSecret,
      requestUrl: `${o.daemonUrl}/hooks/slack`,
    }),
  );
  const webexSecrets = loadOrCreateWebexSecrets(dataDir);
  const webex = await s.start('Webex emulator', ports.webex, () =>
    startWebexEmulator({ host, port: ports.webex, botToken: webexSecrets.token }),
  );
  return { tenant, works, slack, slackSecrets, webex, webexSecrets };
}

async function startAll(o: StackOptions, s: Starter): Promise<Stack> {
  const { host, ports, dataDir } = o;
  const secrets = stackSecrets(dataDir);
  const messengers = await startMessengers(o, s);
  const cloud = await s.start('cloud emulators (NCP, Key Vault, Teams)', ports.ncp, () =>
    startCloud(host, 0, dataDir, {
      ncp: ports.ncp,
      ncpMonitoring: ports.ncpMonitoring,
      vault: ports.vault,
      teams: ports.teams,
    }),
  );
  const mail = await startMail(s, o, secrets);
  const kakao = await s.start('Kakao emulator', ports.kakao, () =>
    startKakaoEmulator({
      apiKey: read(secrets.kakaoKey),
      channelProfileId: KAKAO_CHANNEL,
      port: ports.kakao,
    }),
  );
  const hr = await s.start('HR site', ports.hr, () => startHrSite({ host, port: ports.hr }));
  const noticeList: SiteNotice[] = [
    {
      id: '1',
      title: '시스템 점검 안내',
      date: new Date().toISOString().slice(0, 10),
      attachments: ['점검.pdf'],
    },
  ];
  const notices = await s.start('notice site', ports.notices, () =>
    startNoticeSite({ port: ports.notices, items: noticeList.map((n) => ({ ...n })) }),
  );
  const datagokrDays = krxClosures();
  const datagokr = await s.start('data.go.kr holiday emulator', ports.datagokr, () =>
    startDataGoKrEmulator({
      serviceKey: read(secrets.datagokrKey),
      data: datagokrDays,
      port: ports.datagokr,
    }),
  );
  const abstract = await s.start('Abstract holiday emulator', ports.abstract, () =>
    startAbstractEmulator({
      apiKey: read(secrets.abstractKey),
      data: { KR: krxClosures().map((d) => ({ ...d, nameLocal: d.name })) },
      port: ports.abstract,
    }),
  );
  const agents = await s.start('switch SNMP agents', ports.snmp1, () =>
    startSnmpAgents({
      devices: SWITCHES.map((name) => ({ name, ports: gigabitPorts(8) })),
      basePort: ports.snmp1,
      host,
    }),
  );
  // The CLI serves sw1's own model, so a port taken down shows over SNMP and over SSH alike.
  const cli = await s.start('switch CLI (SSH, telnet)', ports.ssh1, () =>
    startCiscoCli({ devices: [agents.device('sw1').model], host, basePort: ports.ssh1 }),
  );
  return {
    ...messengers,
    ...{ cloud, mail, kakao, hr },
    ...{ notices, noticeList, datagokr, datagokrDays, datagokrAdded: [], abstract, agents, cli, secrets },
    close: () => s.closeAll(),
  };
}

/** STARTTLS with AUTH like a real submission server; its certificate goes where the config trusts it. */
async function startMail(s: Starter, o: StackOptions, secrets: StackSecrets): Promise<MailSink> {
  const users = { [MAIL_USER]: read(secrets.mailPassword) };
  const at = { host: o.host, port: o.ports.smtp, pagePort: o.ports.mailPage, users };
  const mail = await s.start('mail sink', o.ports.smtp, () =>
    startMailSink(at).catch(() => startMailSink({ ...at, tls: 'none' })),
  );
  if (mail.ca) {
    secrets.mailCa = path.join(secrets.dir, 'mail-ca.pem');
    writeFileSync(secrets.mailCa, mail.ca, { mode: 0o600 });
  }
  return mail;
}
