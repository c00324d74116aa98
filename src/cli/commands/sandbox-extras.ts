import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHrSite } from '../../sandbox/hr/index.ts';
import { type MailSink, startMailSink } from '../../sandbox/mail/index.ts';
import { gigabitPorts, startCiscoCli, startSnmpAgents } from '../../sandbox/network/index.ts';
import { startNoticeSite } from '../../sandbox/notices/site.ts';

/**
 * The other emulators `opsbot sandbox` can start next to NAVER WORKS: switches (SNMP agents and a
 * Cisco-like CLI over the same device models) for network-checker, a notice site for
 * notice-watcher, and (always) the HR time-card site for attendance and a mail sink. Each prints the
 * block that points an app (or, for mail, a connection) at it.
 */

/** CLI servers are two sockets per device: the first few devices are enough to try them. */
const CLI_DEVICES = 5;

export interface Extras {
  facts: Record<string, unknown>;
  /** YAML to paste under `apps:`. */
  yaml: string;
  close(): Promise<void>;
}

export async function startExtras(opts: {
  host: string;
  network: number;
  notices: boolean;
}): Promise<Extras> {
  const closers: Array<() => Promise<void>> = [];
  const facts: Record<string, unknown> = {};
  const apps: string[] = [];
  try {
    if (opts.network > 0) {
      const devices = Array.from({ length: opts.network }, (_, i) => ({
        name: `sw${i + 1}`,
        ports: gigabitPorts(8),
      }));
      const agents = await startSnmpAgents({ devices, host: opts.host });
      closers.push(() => agents.close());
      // The CLI serves the same device models, so a port set down shows in both.
      const models = agents.devices.slice(0, CLI_DEVICES).map((d) => d.model);
      const cli = await startCiscoCli({ devices: models, host: opts.host });
      closers.push(() => cli.close());
      facts['network'] = {
        snmp: agents.devices.map((d) => ({ name: d.name, host: d.host, port: d.port, community: 'public' })),
        cli: cli.devices.map((d) => ({ name: d.name, host: d.host, ssh: d.sshPort, telnet: d.telnetPort })),
        login: { username: 'admin', password: 'cisco' },
      };
      apps.push(
        '  network:',
        '    use: builtin:network-checker',
        '    with:',
        '      target: sandbox/channel/ops',
        '      devices:',
        ...agents.devices
          .slice(0, 3)
          .map(
            (d) =>
              `        - { name: ${d.name}, host: ${d.host}, port: ${d.port}, method: snmp, snmp: { version: "2c", community: public } }`,
          ),
        ...cli.devices
          .slice(0, 1)
          .map(
            (d) =>
              `        - { name: ${d.name}-cli, host: ${d.host}, port: ${d.sshPort}, method: ssh, cli: { username: admin, password: cisco } }`,
          ),
      );
    }
    if (opts.notices) {
      const site = await startNoticeSite({
        items: [{ id: '1', title: 'Symbol: ABC adjustment', date: '2026-11-20', attachments: ['abc.pdf'] }],
      });
      closers.push(() => site.close());
      facts['notices'] = { url: site.url, html: `${site.url}/notices`, rss: `${site.url}/feed.rss` };
      apps.push(
        '  notices:',
        '    use: builtin:notice-watcher',
        '    with:',
        `      watches: [{ name: sandbox-notices, target: sandbox/channel/ops, source: { type: rss, url: "${site.url}/feed.rss" } }]`,
      );
    }
    apps.push(...(await startHr(opts.host, facts, closers)));
    apps.push(...(await startMail(opts.host, facts, closers)));
  } catch (err) {
    for (const close of closers) await close();
    throw err;
  }
  return {
    facts,
    yaml: apps.length ? ['apps:', ...apps].join('\n') : '',
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}

/**
 * The HR site is small and cheap, so it always runs. Its block is commented out: the attendance
 * app also needs a Slack connection, which only `--slack` sets up (C02ATTEND is its channel).
 */
async function startHr(
  host: string,
  facts: Record<string, unknown>,
  closers: Array<() => Promise<void>>,
): Promise<string[]> {
  const site = await startHrSite({ host });
  closers.push(() => site.close());
  facts['hr'] = { url: site.url, accounts: site.accounts, recipe: site.recipe };
  const { login, day } = site.recipe;
  const q = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const account = site.accounts[0];
  return [
    `  # HR time-card site at ${site.url}${account ? ` (member ${account.memberId}, user ${account.userId}, password ${account.password})` : ''}:`,
    '  # attendance:   # with the slack connection `opsbot sandbox --slack` prints',
    '  #   use: builtin:attendance',
    '  #   with:',
    '  #     target: slack/channel/C02ATTEND',
    '  #     site:',
    '  #       login:',
    ...Object.entries(login).map(([key, value]) => `  #         ${key}: ${q(value)}`),
    '  #       day:',
    ...Object.entries(day).map(([key, value]) => `  #         ${key}: ${q(value)}`),
  ];
}

/** The sandbox mail account; like the HR site's, it guards nothing but the sink. */
const MAIL_USER = 'bot@sandbox.test';
const MAIL_PASSWORD = 'sandbox-mail';

/**
 * The mail sink always runs: STARTTLS with AUTH, as a real submission server, its certificate in a
 * temporary file the printed block trusts (`tls.ca`). Without openssl (no certificate) it runs
 * without TLS, and the block says `requireTLS: false`. The block is commented: it goes under
 * `connections:`, not `apps:`.
 */
async function startMail(
  host: string,
  facts: Record<string, unknown>,
  closers: Array<() => Promise<void>>,
): Promise<string[]> {
  const users = { [MAIL_USER]: MAIL_PASSWORD };
  const sink: MailSink = await startMailSink({ host, users }).catch(() =>
    startMailSink({ host, users, tls: 'none' }),
  );
  closers.push(() => sink.close());
  let caFile: string | undefined;
  if (sink.ca) {
    const dir = await mkdtemp(join(tmpdir(), 'opsbot-sandbox-mail-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    caFile = join(dir, 'sandbox-mail-ca.pem');
    await writeFile(caFile, sink.ca, { mode: 0o600 });
  }
  facts['mail'] = {
    url: sink.url,
    host: sink.host,
    port: sink.port,
    tls: sink.tls,
    page: `${sink.pageUrl}/`,
    user: MAIL_USER,
    password: MAIL_PASSWORD,
    ...(caFile ? { ca: caFile } : {}),
  };
  const tls = caFile ? `tls: { ca: "\${file:${caFile}}" }` : 'requireTLS: false';
  return [
    `  # Mail sink at ${sink.url} (mailbox page ${sink.pageUrl}/); this connection goes under connections:`,
    `  # mail: { type: smtp, host: ${sink.host}, port: ${sink.port}, user: ${MAIL_USER}, password: ${MAIL_PASSWORD},`,
    `  #         from: "opsbot <${MAIL_USER}>", to: [ops@sandbox.test], ${tls} }`,
  ];
}
