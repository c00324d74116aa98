#!/usr/bin/env node
/** The opsbot CLI (contract: ARCHITECTURE.md "CLI"). Thin: parse, call the daemon or a library, print. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_FAILURE, EXIT_USAGE, errorMessage, OpsbotError } from '../platform/errors.ts';
import { registerConsoleCommands } from './console-commands.ts';

// Commands load their modules on use: `status` should not pay for the daemon's imports.
const app = () => import('./commands/app.ts');
const configCmds = () => import('./commands/config.ts');
const control = () => import('./commands/control.ts');
const outboxCmds = () => import('./commands/outbox.ts');
const authCmds = () => import('./commands/auth.ts');
const holidayCmds = () => import('./commands/holiday.ts');

/** Commander collector for a repeatable option. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

type Opts = { config?: string; json?: boolean; set?: string[] };

/** The version people report bugs against: the package's own. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function build(): Command {
  const program = new Command('opsbot')
    .description("Runs your team's automation apps under one daemon and connects them to messengers.")
    .option(
      '-c, --config <file>',
      'config file (default: $OPSBOT_CONFIG, ./opsbot.yaml, ./examples/opsbot.yaml)',
    )
    .version(version(), '-V, --version', 'print the version')
    .showHelpAfterError('(run opsbot --help for usage)')
    .exitOverride();
  const global = (cmd: Command): Opts => cmd.optsWithGlobals();

  program
    .command('start [app]')
    .alias('runserver')
    .description(
      'start the daemon (returns once its gateway and control socket answer; apps come up after), or start one app',
    )
    .option('--foreground', 'stay in the foreground (logs to stdout and the log file; Ctrl-C stops)')
    .option('--wait', 'return only once every app is running or has failed, and say which failed')
    .option('--json', 'print the result as JSON')
    .action(async (app, _o, cmd) => (await import('./commands/start.ts')).startCommand(app, global(cmd)));
  program
    .command('status')
    .alias('runcheck')
    .description('apps with state, pid, uptime, restarts, last and next run')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await control()).statusCommand(global(cmd)));
  program
    .command('reload')
    .description('re-read the config: restart changed apps, start new ones, stop removed ones')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await control()).reloadCommand(global(cmd)));
  program
    .command('stop [apps...]')
    .alias('killall')
    .description('stop the daemon and every app, or only the named apps')
    .option('--json', 'print as JSON')
    .action(async (apps, _o, cmd) => (await control()).stopCommand(apps, global(cmd)));
  program
    .command('restart <app>')
    .description('restart one app')
    .option('--json', 'print as JSON')
    .action(async (app, _o, cmd) => (await control()).restartCommand(app, global(cmd)));
  program
    .command('run [app]')
    .description("run an app's job once now and print the outcome (without APP: reload, as the old CLI did)")
    .option('--dry-run', 'the app shows what it would change and changes nothing (apps that support it)')
    .option(
      '--set <key=value>',
      "override an option of the app's with: for this run (value read as YAML; repeatable)",
      collect,
    )
    .option('--json', 'print as JSON')
    .action(async (app, _o, cmd) => {
      const c = await control();
      return app ? c.runCommand(app, global(cmd)) : c.reloadCommand(global(cmd));
    });
  program
    .command('do <app> <action>')
    .description("run an app's named action in the daemon (in the app's process) and print its result")
    .option('--set <key=value>', 'an argument of the action (value read as YAML; repeatable)', collect)
    .option('--json', 'print the result as JSON')
    .action(async (app, action, _o, cmd) => (await control()).doCommand(app, action, global(cmd)));
  program
    .command('logs <app>')
    .description("show an app's log (use 'opsbot' for the daemon's own)")
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <n>', 'lines to show first', '100')
    .option('--json', 'print the JSON lines as stored (the default when output is not a terminal)')
    .action(async (app, _o, cmd) => (await import('./commands/logs.ts')).logsCommand(app, global(cmd)));

  const appCmd = program.command('app').description('write your own apps');
  appCmd
    .command('new <name>')
    .description('scaffold a typed app with a test in apps/<name>/ beside the config it will be used by')
    .option('--dir <dir>', 'parent folder (default: apps/ beside the config)')
    .action(async (name, o, cmd) => (await app()).appNewCommand(name, { ...global(cmd), ...o }));
  appCmd
    .command('test [paths...]')
    .description("run apps' tests (node:test) with 'opsbot' importable")
    .action(async (paths) => (await app()).appTestCommand(paths));
  program
    .command('createapp <name>', { hidden: true })
    .description('old name of app new')
    .action(async (name, _o, cmd) => (await app()).appNewCommand(name, global(cmd)));

  const config = program.command('config').description('check and show the config');
  config
    .command('check')
    .description('validate; every error with its YAML path and line; exit 1 on any')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await configCmds()).configCheckCommand(global(cmd)));
  config
    .command('show')
    .description('the resolved config, with secrets shown as their references')
    .action(async (_o, cmd) => (await configCmds()).configShowCommand(global(cmd)));

  const auth = program
    .command('auth')
    .description(
      'OAuth logins and token status of connections (NAVER WORKS user and service-account tokens)',
    );
  auth
    .command('status [connection]')
    .description(
      'token state and expiry per connection; warns (and tells the admin target) 14 days before a refresh token ends',
    )
    .option('--json', 'print as JSON')
    .action(async (conn, _o, cmd) => (await authCmds()).authStatusCommand(conn, global(cmd)));
  auth
    .command('url <connection>')
    .description('print the consent URL (with a fresh single-use state) for the user flow')
    .option('--json', 'print as JSON')
    .action(async (conn, _o, cmd) => (await authCmds()).authUrlCommand(conn, global(cmd)));
  auth
    .command('login <connection>')
    .description(
      'print the consent URL and wait for the redirect to /oauth/<connection>/callback, then store the tokens',
    )
    .option('--timeout <seconds>', 'how long to wait for the redirect', '300')
    .option('--json', 'print the URL as JSON')
    .action(async (conn, _o, cmd) => (await authCmds()).authLoginCommand(conn, global(cmd)));
  auth
    .command('exchange <connection>')
    .description('store the tokens a pasted authorization code buys')
    .option('--code <code>', 'the code from the redirect URL')
    .option('--json', 'print as JSON')
    .action(async (conn, _o, cmd) => (await authCmds()).authExchangeCommand(conn, global(cmd)));
  auth
    .command('refresh <connection>')
    .description('get a new access token now (rotating the refresh token)')
    .option('--json', 'print as JSON')
    .action(async (conn, _o, cmd) => (await authCmds()).authRefreshCommand(conn, global(cmd)));
  program
    .command('authcodeurl <connection>', { hidden: true })
    .description('old name of auth url')
    .action(async (conn, _o, cmd) => (await authCmds()).authUrlCommand(conn, global(cmd)));
  program
    .command('refreshtoken <connection>', { hidden: true })
    .description('old name of auth refresh')
    .action(async (conn, _o, cmd) => (await authCmds()).authRefreshCommand(conn, global(cmd)));

  const outbox = program.command('outbox').description('inspect and retry deliveries');
  outbox
    .command('list')
    .description('outbox items, newest first')
    .option('--status <status>', 'pending, sending, delivered or dead')
    .option('--limit <n>', 'how many', '50')
    .option('--since <when>', 'only items created since: a duration ago (2h, 7d) or a date (2026-12-01)')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await outboxCmds()).outboxListCommand(global(cmd)));
  outbox
    .command('retry [ids...]')
    .description('deliver items again (ids or unique prefixes)')
    .option('--dead', 'every dead item')
    .option('--json', 'print as JSON')
    .action(async (ids, _o, cmd) => (await outboxCmds()).outboxRetryCommand(ids, global(cmd)));
  outbox
    .command('purge')
    .description('delete delivered and/or dead items')
    .option('--delivered', 'delivered items')
    .option('--dead', 'dead items')
    .option('--older-than <age>', 'only items older than this, e.g. 7d')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await outboxCmds()).outboxPurgeCommand(global(cmd)));
  const cluster = program
    .command('cluster')
    .description('cluster mode: the daemons sharing this store and the leases they hold');
  cluster
    .command('nodes')
    .description('every node: host, pid, URL, last heartbeat, up/stopped/dead, apps running and on standby')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await import('./commands/cluster.ts')).clusterNodesCommand(global(cmd)));
  cluster
    .command('leases')
    .description('singleton work: which node holds each lease, its epoch and expiry')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await import('./commands/cluster.ts')).clusterLeasesCommand(global(cmd)));
  registerConsoleCommands(program, global);
  const holiday = program
    .command('holiday')
    .description('market calendars: exchange rules plus curated entries (they win over the rules)');
  holiday
    .command('list')
    .alias('crud')
    .description('closures and special sessions, rules and curated entries merged, with their source')
    .option('--exchange <code>', 'one exchange (default: all)')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: Jan 1 of this year)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: Dec 31 of the --from year)')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await holidayCmds()).holidayListCommand(global(cmd)));
  holiday
    .command('add <exchange> <date> <name...>')
    .description(
      'close an exchange on a day; with --open/--close: other hours; --force-open: trade on a holiday',
    )
    .option('--open <HH:MM>', 'opening time that day')
    .option('--close <HH:MM>', 'closing time that day')
    .option('--force-open', 'the exchange trades that day (with regular hours) whatever the rules say')
    .option('--json', 'print as JSON')
    .action(async (ex, date, name, _o, cmd) =>
      (await holidayCmds()).holidayAddCommand(ex, date, name, global(cmd)),
    );
  holiday
    .command('update <exchange> <date>')
    .description('change the name or hours of a curated entry')
    .option('--name <name>', 'new name')
    .option('--open <HH:MM>', 'opening time (makes the day a special session)')
    .option('--close <HH:MM>', 'closing time (makes the day a special session)')
    .option('--json', 'print as JSON')
    .action(async (ex, date, _o, cmd) => (await holidayCmds()).holidayUpdateCommand(ex, date, global(cmd)));
  holiday
    .command('remove <exchange> <date>')
    .description('delete a curated entry (the rules apply to that day again)')
    .option('--json', 'print as JSON')
    .action(async (ex, date, _o, cmd) => (await holidayCmds()).holidayRemoveCommand(ex, date, global(cmd)));
  holiday
    .command('check [date]')
    .description("open or closed per exchange, with the closure's name and the hours (default: today there)")
    .option('--exchange <code>', 'one exchange (default: all)')
    .option('--json', 'print as JSON')
    .action(async (date, _o, cmd) => (await holidayCmds()).holidayCheckCommand(date, global(cmd)));
  holiday
    .command('import <file>')
    .alias('loaddata')
    .description(
      'load curated entries from a .csv, .json or .ics file; nothing is written if any row is wrong',
    )
    .option('--json', 'print as JSON')
    .action(async (file, _o, cmd) => (await holidayCmds()).holidayImportCommand(file, global(cmd)));
  holiday
    .command('export')
    .description('write the merged calendar as CSV, JSON or ICS')
    .option('--format <format>', 'csv, json or ics', 'csv')
    .option('--exchange <code>', 'one exchange (default: all)')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: Jan 1 of this year)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: Dec 31 of the --from year)')
    .option('--output <file>', 'write to a file instead of stdout')
    .action(async (_o, cmd) => (await holidayCmds()).holidayExportCommand(global(cmd)));
  holiday
    .command('diff')
    .description(
      "compare the calendar with the holiday providers' data (suggestions only; nothing is written)",
    )
    .option('--exchange <code>', 'one exchange (default: every exchange a provider covers)')
    .option('--year <year>', 'the year to compare (default: this year)')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await import('./commands/holiday-diff.ts')).holidayDiffCommand(global(cmd)));
  holiday
    .command('sync')
    .alias('calendarupdate')
    .description(
      "push closures to the NAVER WORKS calendar of the holiday-checker app's calendar settings (= opsbot do APP sync; needs the daemon)",
    )
    .option('--app <name>', 'the holiday-checker app whose settings to use (default: the first one)')
    .option('--exchange <code>', "one exchange (default: the app's exchanges)")
    .option('--from <date>', 'first day, YYYY-MM-DD (default: today)')
    .option('--to <date>', "last day, YYYY-MM-DD (default: today + the app's days)")
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await import('./commands/holiday-sync.ts')).holidaySyncCommand(global(cmd)));
  program
    .command('sandbox')
    .description(
      'every emulator (NAVER WORKS, Slack, Webex, Teams, mail, Kakao, NCP, switches, …) and a hub page, to try every app offline',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--port-base <port>',
      'first port of the fixed block every emulator listens in (default 9090; docs/sandbox.md)',
    )
    .option(
      '--write-config <file>',
      'write a runnable opsbot.yaml with every built-in app wired to the emulators',
    )
    .option(
      '--daemon-port <port>',
      "the daemon's http port the config and callbacks use (default: the config's, else 8080)",
    )
    .option(
      '--port <port>',
      'only NAVER WORKS (and what the flags below add), on this port (0 = any free one)',
    )
    .option(
      '--hooks <url>',
      "with --port: where the bot's callbacks go (default: http://<http.host>:<http.port>/hooks/<connection>)",
    )
    .option(
      '--connection <name>',
      'with --port: connection name for the printed config block and default hook path',
    )
    .option('--network <n>', 'also emulate n switches (SNMP agents; the first 5 also over SSH/telnet CLI)')
    .option('--notices', 'also serve a notice site (HTML, RSS, Atom, JSON) for notice-watcher')
    .option(
      '--slack',
      'also emulate a Slack workspace (Web API, Socket Mode, a workspace page) on --port + 1',
    )
    .option('--webex', 'also emulate Webex (REST /v1, signed webhooks, a chat page with cards) on --port + 2')
    .option(
      '--cloud',
      'also emulate NCP (API and Cloud Insight), Azure Key Vault (HTTPS) and a Teams Workflows sink on --port + 3…6',
    )
    .option('--json', 'print the facts as one JSON document (no secret values), then keep running')
    .addHelpText(
      'after',
      `
Without --port or the flags after it, starts every emulator on fixed ports from --port-base
(NAVER WORKS +0, Slack +1, Webex +2, the hub page +3, Teams +4, SMTP +5, … switches +20…24; the
table is in docs/sandbox.md), prints one "connections:" block and an example config with every
built-in app wired to them, and serves the hub page: take a switch port down, post a notice, send a
FEP alert, add a holiday, see the Kakao customer file and what the bot posted everywhere.
A port in use stops it (exit 1) naming the port; pick another block with --port-base.

With --port (or --slack, --webex, --cloud, --network, --notices): the NAVER WORKS emulator alone
on that port, plus what those flags add, as before.

Secrets and keys are generated once, kept (mode 0600) under <dataDir>/sandbox/ and referenced with
\${file:...}; they are never printed. Ctrl-C stops.

Examples:
  opsbot sandbox
  opsbot sandbox --port-base 19090 --write-config sandbox.yaml
  make start SANDBOX=all
  opsbot sandbox --port 0 --json --slack`,
    )
    .action(async (_o, cmd) => (await import('./commands/sandbox.ts')).sandboxCommand(global(cmd)));
  return program;
}

/**
 * Parses and runs one command line (without `node main.ts`) and resolves to its exit code; commands
 * report a failure they printed themselves through `process.exitCode`. Exported so a test can run
 * many command lines in one process (test/helpers/cli-session.ts) instead of paying a Node start each.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await build().parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (err) {
    // Help and version exit 0; everything else commander rejects is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    process.stderr.write(`opsbot: ${errorMessage(err)}\n`);
    if (process.env.OPSBOT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return err instanceof OpsbotError ? err.exitCode : EXIT_FAILURE;
  }
}

if (import.meta.main) {
  const code = await runCli(process.argv.slice(2));
  // A failed command exits at once (it may leave a socket or timer open); success drains.
  if (code !== Number(process.exitCode ?? 0)) process.exit(code);
}
