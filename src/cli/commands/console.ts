import type { Actor, Role } from '../../contracts/console.ts';
import {
  type ArgsOf,
  type ControlApi,
  controlApi,
  createDispatcher,
  type ResultOf,
} from '../../contracts/daemon-api/index.ts';
import { guardDispatch } from '../../daemon/api-guard.ts';
import { type ConsoleMethod, consoleMethods } from '../../daemon/console-methods.ts';
import { osUser } from '../../daemon/control.ts';
import { storeFor } from '../../daemon/store-for.ts';
import { ConsoleAccounts } from '../../engine/console/accounts.ts';
import { systemClock } from '../../platform/clock.ts';
import { usageError } from '../../platform/errors.ts';
import { createLogger } from '../../platform/log.ts';
import { findConfigFile, loadDaemonConfig } from '../config-file.ts';
import { localTime, printJson, say, table } from '../output.ts';
import { newPassword } from '../secret-input.ts';

type Opts = { config?: string; json?: boolean };
type Call = <K extends ConsoleMethod>(
  method: K,
  args: ArgsOf<ControlApi, K>,
) => Promise<ResultOf<ControlApi, K>>;

/**
 * Works on the store directly, whether the daemon runs or not (like `cluster nodes`), through the
 * daemon's own handlers and guard: same checks, and an audit row (via cli, the OS user) per change.
 */
async function withConsole<T>(opts: Opts, work: (call: Call, timezone: string) => Promise<T>): Promise<T> {
  const config = await loadDaemonConfig(findConfigFile(opts.config));
  const store = await storeFor(config);
  try {
    const accounts = new ConsoleAccounts({
      store,
      clock: systemClock,
      sessionTtl: () => config.console.sessionTtl,
    });
    const dispatch = createDispatcher<ControlApi, Actor>(controlApi, consoleMethods({ store, accounts }));
    // A failed audit write is a warning on stderr (fd 2), as JSON like the daemon's log lines.
    const log = createLogger({ level: 'warn', destination: 2, sync: true });
    const guarded = guardDispatch(dispatch, { store, log, now: () => Date.now() });
    const actor: Actor = { name: osUser(), role: 'admin', via: 'cli' };
    const call: Call = async (method, args) =>
      controlApi[method].result.parse(await guarded(method, args, actor)) as never;
    return await work(call, config.timezone);
  } finally {
    await store.close();
  }
}

const when = (at: number | null, tz: string) => (at === null ? '-' : localTime(at, tz));

export async function userAddCommand(name: string, opts: Opts & { role: Role; passwordStdin?: boolean }) {
  const password = await newPassword(opts.passwordStdin);
  const user = await withConsole(opts, (call) => call('users.add', { name, role: opts.role, password }));
  if (opts.json) return printJson(user);
  say(`added console user ${user.name} (${user.role})`);
}

export async function userRemoveCommand(name: string, opts: Opts) {
  const result = await withConsole(opts, (call) => call('users.remove', { name }));
  if (opts.json) return printJson(result);
  say(`removed console user ${name}, with their sessions and API tokens`);
}

export async function userListCommand(opts: Opts) {
  await withConsole(opts, async (call, tz) => {
    const { users } = await call('users.list', {});
    if (opts.json) return printJson(users);
    if (!users.length) return say('no console users yet: opsbot console user add NAME --role admin');
    const rows = users.map((u) => [
      u.name,
      u.role,
      when(u.createdAt, tz),
      when(u.lastLoginAt, tz),
      u.hasPassword ? 'yes' : 'proxy only',
    ]);
    process.stdout.write(`${table(['name', 'role', 'created', 'last login', 'password'], rows)}\n`);
  });
}

export async function userRoleCommand(name: string, role: Role, opts: Opts) {
  const user = await withConsole(opts, (call) => call('users.update', { name, role }));
  if (opts.json) return printJson(user);
  say(`${user.name} is now ${user.role}`);
}

export async function userPasswordCommand(name: string, opts: Opts & { passwordStdin?: boolean }) {
  const password = await newPassword(opts.passwordStdin);
  const user = await withConsole(opts, (call) => call('users.update', { name, password }));
  if (opts.json) return printJson(user);
  say(`changed the password of ${user.name}`);
}

export async function tokenCreateCommand(user: string, opts: Opts & { label?: string }) {
  const created = await withConsole(opts, (call) => call('tokens.create', { user, label: opts.label }));
  if (opts.json) return printJson(created);
  process.stdout.write(`${created.token}\n`);
  say(`API token ${created.id} for ${created.user}: shown only this once, only its hash is kept.`);
  say('Send it as "Authorization: Bearer <token>"; opsbot console token revoke ID ends it.');
}

export async function tokenRevokeCommand(id: string, opts: Opts) {
  const result = await withConsole(opts, (call) => call('tokens.revoke', { id }));
  if (opts.json) return printJson(result);
  say(`revoked API token ${id}`);
}

export async function tokenListCommand(opts: Opts & { user?: string }) {
  await withConsole(opts, async (call, tz) => {
    const { tokens } = await call('tokens.list', { user: opts.user });
    if (opts.json) return printJson(tokens);
    if (!tokens.length) return say('no API tokens yet: opsbot console token create USER');
    const rows = tokens.map((t) => [
      t.id,
      t.user,
      t.label ?? '',
      when(t.createdAt, tz),
      when(t.lastUsedAt, tz),
      when(t.revokedAt, tz),
    ]);
    process.stdout.write(`${table(['id', 'user', 'label', 'created', 'last used', 'revoked'], rows)}\n`);
  });
}

export async function auditCommand(opts: Opts & { limit: string; actor?: string; action?: string }) {
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw usageError('--limit: a whole number from 1 to 500');
  await withConsole(opts, async (call, tz) => {
    const { entries } = await call('audit.list', { limit, actor: opts.actor, action: opts.action });
    if (opts.json) return printJson(entries);
    if (!entries.length) return say('the audit log is empty');
    const rows = entries.map((e) => [
      localTime(e.at, tz),
      `${e.actor} (${e.via})`,
      e.action,
      e.target ?? '',
      e.outcome === 'ok' ? 'ok' : `${e.outcome}: ${e.error ?? ''}`,
    ]);
    process.stdout.write(`${table(['when', 'who', 'action', 'target', 'outcome'], rows)}\n`);
  });
}
