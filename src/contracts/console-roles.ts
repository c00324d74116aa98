/**
 * Who may do what in the console and the HTTP API (`/api/v1/…`), and who did it (the audit log).
 * Roles are ordered: each may do what the ones before it may. A viewer sees everything but
 * secrets; an operator may also run, stop, start, restart apps and retry or purge deliveries; an
 * admin may also manage users, tokens, calendars and the daemon itself. Kept apart from the
 * schemas in console.ts so the CLI's help can name the roles without loading zod.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` is `needed` or above it. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
