import type { ControlApi, Handlers } from '../contracts/daemon-api/index.ts';
import type { ConsoleAccounts } from '../engine/console/accounts.ts';
import type { Store } from '../platform/store/types.ts';

/**
 * The console's account methods: users, API tokens and the audit log. The daemon serves them; with
 * the daemon down the CLI (`opsbot console …`) runs the very same handlers on its own store.
 * Role checks and audit rows are the guard's (api-guard.ts), not these handlers'.
 */
export type ConsoleMethod =
  | 'users.list'
  | 'users.add'
  | 'users.update'
  | 'users.remove'
  | 'tokens.list'
  | 'tokens.create'
  | 'tokens.revoke'
  | 'audit.list';

export interface ConsoleMethodDeps {
  store: Store;
  accounts: ConsoleAccounts;
}

export function consoleMethods(deps: ConsoleMethodDeps): Pick<Handlers<ControlApi, unknown>, ConsoleMethod> {
  const { store, accounts } = deps;
  return {
    'users.list': async () => ({ users: await accounts.listUsers() }),
    'users.add': (args) => accounts.addUser(args),
    'users.update': (args) => accounts.updateUser(args),
    'users.remove': async ({ name }) => {
      await accounts.removeUser(name);
      return { removed: name };
    },
    'tokens.list': async ({ user }) => ({ tokens: await accounts.listTokens(user) }),
    'tokens.create': ({ user, label }) => accounts.createToken(user, label),
    'tokens.revoke': async ({ id }) => {
      await accounts.revokeToken(id);
      return { revoked: id };
    },
    'audit.list': async ({ before, actor, action, limit }) => {
      // One more than asked tells whether there is a next page, without a count query.
      const rows = await store.audit.list({ before, actor, action, limit: limit + 1 });
      const entries = rows.slice(0, limit);
      return { entries, next: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
    },
  };
}
