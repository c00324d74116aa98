import { z } from 'zod';
import { ROLES, type Role } from './console-roles.ts';

export { ROLES, type Role, roleAllows } from './console-roles.ts';
export const roleSchema = z.enum(ROLES);

/** How a caller reached the daemon API. */
export const VIAS = ['console', 'api', 'cli', 'proxy'] as const;
export type Via = (typeof VIAS)[number];

/**
 * The caller of a daemon API method. The control socket (mode 0600, the daemon's own OS user) is
 * always admin, named after the OS user running the CLI; the gateway sets it from the session,
 * bearer token or proxy header.
 */
export interface Actor {
  name: string;
  role: Role;
  via: Via;
}

export const actorSchema = z.object({
  name: z.string().min(1).max(200),
  role: roleSchema,
  via: z.enum(VIAS),
});
