#!/usr/bin/env node
/** The opsbot CLI (contract: ARCHITECTURE.md "CLI"). Thin: parse, call the daemon or a library, print. */
import '../sdk/register.ts';
import { Command, CommanderError } from 'commander';
import { EXIT_FAILURE, EXIT_USAGE, errorMessage, OpsbotError } from '../platform/errors.ts';

// Commands load their modules on use: `status` should not pay for the daemon's imports.
const app = () => import('./commands/app.ts');
const configCmds = () => import('./commands/config.ts');
const control = () => import('./commands/control.ts');
const outboxCmds = () => import('./commands/outbox.ts');

type Opts = { config?: string; json?: boolean };

function build(): Command {
  const program = new Command('opsbot')
    .description("Runs your team's automation apps under one daemon and connects them to messengers.")
    .option(
      '-c, --config <file>',
      'config file (default: $OPSBOT_CONFIG, ./opsbot.yaml, ./examples/opsbot.yaml)',
    )
    .showHelpAfterError('(run opsbot --help for usage)')
    .exitOverride();
  const global = (cmd: Command): Opts => cmd.optsWithGlobals();

  program
    .command('start [app]')
    .alias('runserver')
    .description('start the daemon (returns once healthy), or start one app')
    .option('--foreground', 'stay in the foreground (logs to stdout; Ctrl-C stops)')
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
    .option('--json', 'print as JSON')
    .action(async (app, _o, cmd) => {
      const c = await control();
      return app ? c.runCommand(app, global(cmd)) : c.reloadCommand(global(cmd));
    });
  program
    .command('logs <app>')
    .description("show an app's log (use 'opsbot' for the daemon's own)")
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <n>', 'lines to show first', '100')
    .action(async (app, _o, cmd) => (await import('./commands/logs.ts')).logsCommand(app, global(cmd)));

  const appCmd = program.command('app').description('write your own apps');
  appCmd
    .command('new <name>')
    .description('scaffold a typed app with a test in ./apps/<name>/')
    .option('--dir <dir>', 'parent folder', 'apps')
    .action(async (name, o) => (await app()).appNewCommand(name, o));
  appCmd
    .command('test [paths...]')
    .description("run apps' tests (node:test) with 'opsbot' importable")
    .action(async (paths) => (await app()).appTestCommand(paths));
  program
    .command('createapp <name>', { hidden: true })
    .description('old name of app new')
    .action(async (name) => (await app()).appNewCommand(name, {}));

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

  const outbox = program.command('outbox').description('inspect and retry deliveries');
  outbox
    .command('list')
    .description('outbox items, oldest first')
    .option('--status <status>', 'pending, sending, delivered or dead')
    .option('--limit <n>', 'how many', '50')
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
  return program;
}

async function main(): Promise<void> {
  try {
    await build().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; everything else commander rejects is a usage error.
      process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
    }
    const code = err instanceof OpsbotError ? err.exitCode : EXIT_FAILURE;
    process.stderr.write(`opsbot: ${errorMessage(err)}\n`);
    if (process.env.OPSBOT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(code);
  }
}

await main();
