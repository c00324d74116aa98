import { Argument, type Command, Option } from 'commander';
import { ROLES } from '../contracts/console-roles.ts';

type Opts = { config?: string; json?: boolean };
const commands = () => import('./commands/console.ts');

const ROLE_HELP =
  'viewer sees everything but secrets; operator may also run, restart and retry; admin may also manage users, tokens and calendars';

/** `opsbot console user|token|audit`: console logins, API tokens and the audit log (docs/console-auth.md). */
export function registerConsoleCommands(program: Command, global: (cmd: Command) => Opts): void {
  const consoleCmd = program
    .command('console')
    .description('web console logins, API tokens for scripts, and the audit log of who changed what')
    .addHelpText(
      'after',
      '\nThe console (/console) stays off until a first admin exists: opsbot console user add NAME --role admin.\nThese commands work on the store directly, with or without a running daemon, and are audited.\n',
    );
  registerUserCommands(consoleCmd, global);
  registerTokenCommands(consoleCmd, global);
  consoleCmd
    .command('audit')
    .description('who did what and when, newest first (console, API and CLI changes, logins)')
    .option('--limit <n>', 'how many entries (1-500)', '50')
    .option('--actor <name>', 'only this user or OS user')
    .option('--action <method>', 'only this action, e.g. app.run or login')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await commands()).auditCommand(global(cmd) as never));
}

function registerUserCommands(parent: Command, global: (cmd: Command) => Opts): void {
  const user = parent.command('user').description(`console users and their roles (${ROLE_HELP})`);
  user
    .command('add <name>')
    .description('add a user; the password is asked twice on the terminal, or read from stdin')
    .addOption(new Option('--role <role>', ROLE_HELP).choices(ROLES).makeOptionMandatory())
    .option('--password-stdin', 'read the password from stdin (scripts); at least 10 characters')
    .option('--json', 'print as JSON')
    .action(async (name, _o, cmd) => (await commands()).userAddCommand(name, global(cmd) as never));
  user
    .command('remove <name>')
    .description('remove a user with their sessions and API tokens (never the last admin)')
    .option('--json', 'print as JSON')
    .action(async (name, _o, cmd) => (await commands()).userRemoveCommand(name, global(cmd)));
  user
    .command('list')
    .description('every user: role, created, last login')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await commands()).userListCommand(global(cmd)));
  user
    .command('role')
    .description('change a user’s role (the last admin cannot be demoted)')
    .addArgument(new Argument('<name>', 'the user'))
    .addArgument(new Argument('<role>', ROLE_HELP).choices(ROLES))
    .option('--json', 'print as JSON')
    .action(async (name, role, _o, cmd) => (await commands()).userRoleCommand(name, role, global(cmd)));
  user
    .command('password <name>')
    .description('set a new password (asked twice on the terminal, or read from stdin)')
    .option('--password-stdin', 'read the password from stdin (scripts); at least 10 characters')
    .option('--json', 'print as JSON')
    .action(async (name, _o, cmd) => (await commands()).userPasswordCommand(name, global(cmd)));
}

function registerTokenCommands(parent: Command, global: (cmd: Command) => Opts): void {
  const token = parent
    .command('token')
    .description('API tokens: scripts send "Authorization: Bearer <token>" and act with the user’s role');
  token
    .command('create <user>')
    .description('create a token for a user and print it once (only its hash is kept)')
    .option('--label <label>', 'what the token is for, e.g. "ci deploy"')
    .option('--json', 'print as JSON (the token included)')
    .action(async (user, _o, cmd) => (await commands()).tokenCreateCommand(user, global(cmd)));
  token
    .command('revoke <id>')
    .description('end a token at once (its id is the part after obt_, as token list shows)')
    .option('--json', 'print as JSON')
    .action(async (id, _o, cmd) => (await commands()).tokenRevokeCommand(id, global(cmd)));
  token
    .command('list')
    .description('every token: user, label, created, last used, revoked')
    .option('--user <name>', 'only this user’s')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd) => (await commands()).tokenListCommand(global(cmd)));
}
