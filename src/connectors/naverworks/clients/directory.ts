import { collectPages } from '../../../platform/paging.ts';
import { WorksApiError } from '../api.ts';
import { type ClientDeps, type Page, type PageOptions, query, toPage } from './deps.ts';

/** Members, groups and org units. Needs `directory(.read)` or the narrower user/group/orgunit scopes. */

export interface WorksUser {
  userId: string;
  email?: string;
  userName?: { lastName?: string; firstName?: string; [field: string]: unknown };
  cellPhone?: string;
  [field: string]: unknown;
}

export interface WorksGroup {
  groupId: string;
  groupName: string;
  /** Present when the group lists its members: users (type USER) and nested groups. */
  members?: Array<{ id: string; type?: string }>;
  [field: string]: unknown;
}

export interface OrgUnitMember {
  userId: string;
  isManager?: boolean;
  [field: string]: unknown;
}

const compact = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/**
 * Korean names are written family name first without a space (김민준 = 김 + 민준); western ones
 * given name first with a space. Whitespace is ignored, so "김 민준", "John Smith" and "Smith John"
 * all match.
 */
export function nameMatches(user: WorksUser, name: string): boolean {
  const wanted = compact(name);
  if (wanted === '') return false;
  const last = user.userName?.lastName ?? '';
  const first = user.userName?.firstName ?? '';
  return compact(last + first) === wanted || compact(first + last) === wanted;
}

export function directoryClient(deps: ClientDeps) {
  const { request } = deps;
  const users = async (opts: PageOptions = {}): Promise<Page<WorksUser>> => {
    const res = await request('GET', `/users${query({ count: opts.count, cursor: opts.cursor })}`);
    return toPage<WorksUser>(res.body, 'users');
  };

  return {
    users,

    /** By userId or login email; a missing user is a WorksApiError with status 404. */
    async user(idOrEmail: string): Promise<WorksUser> {
      const res = await request('GET', `/users/${encodeURIComponent(idOrEmail.trim())}`);
      return res.body as WorksUser;
    },

    async groups(opts: PageOptions = {}): Promise<Page<WorksGroup>> {
      const res = await request('GET', `/groups${query({ count: opts.count, cursor: opts.cursor })}`);
      return toPage<WorksGroup>(res.body, 'groups');
    },

    async orgUnitMembers(orgUnitId: string, opts: PageOptions = {}): Promise<Page<OrgUnitMember>> {
      const q = query({ count: opts.count, cursor: opts.cursor });
      const res = await request('GET', `/orgunits/${encodeURIComponent(orgUnitId)}/members${q}`);
      return toPage<OrgUnitMember>(res.body, 'members');
    },

    /** Every user whose full name matches (see nameMatches); walks all pages, so keep it off hot paths. */
    async findByName(name: string): Promise<WorksUser[]> {
      const all = await collectPages((cursor) => users({ count: 100, ...(cursor ? { cursor } : {}) }));
      return all.filter((u) => nameMatches(u, name));
    },

    /** The user with this login email (case-insensitive), or null when there is none. */
    async findByEmail(email: string): Promise<WorksUser | null> {
      const wanted = email.trim();
      if (wanted === '') return null;
      try {
        const res = await request('GET', `/users/${encodeURIComponent(wanted)}`);
        const user = res.body as WorksUser;
        // The path also takes a userId; only answer for a real email match.
        return user.email?.toLowerCase() === wanted.toLowerCase() ? user : null;
      } catch (err) {
        if (err instanceof WorksApiError && err.status === 404) return null;
        throw err;
      }
    },
  };
}

export type DirectoryClient = ReturnType<typeof directoryClient>;
