import type { Role } from '../console.ts';
import type { ControlMethod } from './control.ts';

/**
 * The least role that may call each daemon API method. A method needing more than viewer changes
 * something: every such call is written to the audit log, whoever made it (console, API or CLI).
 * A new method must be placed here (the type checker asks).
 */
export const METHOD_ROLES: Record<ControlMethod, Role> = {
  ping: 'viewer',
  status: 'viewer',
  overview: 'viewer',
  'runs.list': 'viewer',
  'app.logs': 'viewer',
  'app.schedule': 'viewer',
  'app.config': 'viewer',
  'outbox.list': 'viewer',
  'inbox.list': 'viewer',
  'connections.list': 'viewer',
  'exchanges.list': 'viewer',
  'holiday.month': 'viewer',
  'audit.list': 'viewer',
  'auth.status': 'viewer',
  'app.start': 'operator',
  'app.stop': 'operator',
  'app.restart': 'operator',
  'app.run': 'operator',
  'app.do': 'operator',
  'outbox.wake': 'operator',
  'outbox.retry': 'operator',
  'outbox.purge': 'operator',
  'connections.test': 'operator',
  'auth.url': 'operator',
  'auth.refresh': 'operator',
  'auth.exchange': 'operator',
  'holiday.add': 'admin',
  'holiday.update': 'admin',
  'holiday.remove': 'admin',
  'holiday.import': 'admin',
  'users.list': 'admin',
  'users.add': 'admin',
  'users.update': 'admin',
  'users.remove': 'admin',
  'tokens.list': 'admin',
  'tokens.create': 'admin',
  'tokens.revoke': 'admin',
  reload: 'admin',
  stop: 'admin',
};

/** Reads kept from viewers (they list who may log in), not changes: not audited. */
const GUARDED_READS: ReadonlySet<ControlMethod> = new Set(['users.list', 'tokens.list']);

/** Methods that change something: audited. */
export function changes(method: ControlMethod): boolean {
  return METHOD_ROLES[method] !== 'viewer' && !GUARDED_READS.has(method);
}
