import { startHrSite } from '../../sandbox/hr/index.ts';
import { gigabitPorts, startCiscoCli, startSnmpAgents } from '../../sandbox/network/index.ts';
import { startNoticeSite } from '../../sandbox/notices/site.ts';

/**
 * The other emulators `opsbot sandbox` can start next to NAVER WORKS: switches (SNMP agents and a
 * Cisco-like CLI over the same device models) for network-checker, a notice site for
 * notice-watcher, and (always) the HR time-card site for attendance. Each prints the `with:` block
 * that points the app at it.
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
