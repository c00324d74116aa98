import type { ConnectorStateRepo } from '../../platform/store/types.ts';
import type { WebexApi } from './api.ts';

/**
 * Who the bot is (GET /people/me), kept in the connection's state so a restart can tell its own
 * messages apart before setup has run. Webex ids are base64 of `ciscospark://<region>/PEOPLE/<uuid>`;
 * the same person can arrive as that id, another encoding of it (padded, standard alphabet) or the
 * bare uuid, so ids are compared by the uuid inside, and emails case-insensitively.
 */

export interface WebexMe {
  id: string;
  emails: string[];
  displayName?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The comparable core of a Webex id: the uuid it names, else the id without padding. */
export function idKey(id: string): string {
  const trimmed = id.trim();
  if (UUID.test(trimmed)) return trimmed.toLowerCase();
  const decoded = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  const match = /^ciscospark:\/\/[^/]+\/[A-Z_]+\/(.+)$/.exec(decoded);
  if (match?.[1]) return match[1].toLowerCase();
  return trimmed.replace(/=+$/, '');
}

export function isSelf(
  me: WebexMe,
  person: { id?: string | undefined; email?: string | undefined },
): boolean {
  const emails = new Set(me.emails.map((e) => e.toLowerCase()));
  if (person.id) {
    const key = idKey(person.id);
    // A legacy id may carry the email where the uuid would be.
    if (key === idKey(me.id) || emails.has(key)) return true;
  }
  const email = person.email?.toLowerCase();
  return email !== undefined && emails.has(email);
}

export class Identity {
  private readonly api: WebexApi;
  private readonly state: ConnectorStateRepo;
  private me: WebexMe | undefined;
  /** personId → email, for card submits (which name only the person's id). */
  private readonly emails = new Map<string, string>();

  constructor(api: WebexApi, state: ConnectorStateRepo) {
    this.api = api;
    this.state = state;
  }

  /** Asks Webex again and keeps the answer (setup does this on every start). */
  async refresh(): Promise<WebexMe> {
    const { body } = await this.api.call<Record<string, unknown>>({ method: 'GET', path: '/people/me' });
    const me: WebexMe = {
      id: String(body['id'] ?? ''),
      emails: Array.isArray(body['emails']) ? body['emails'].map(String) : [],
      ...(typeof body['displayName'] === 'string' ? { displayName: body['displayName'] } : {}),
    };
    this.me = me;
    await this.state.set('me', me);
    return me;
  }

  async get(): Promise<WebexMe> {
    if (this.me) return this.me;
    const kept = await this.state.get<WebexMe>('me');
    if (kept) {
      this.me = kept;
      return kept;
    }
    return this.refresh();
  }

  /** A person's first email (GET /people/{id}), remembered for the life of the connection. */
  async emailOf(personId: string): Promise<string> {
    const known = this.emails.get(personId);
    if (known) return known;
    const { body } = await this.api.call<Record<string, unknown>>({
      method: 'GET',
      path: `/people/${encodeURIComponent(personId)}`,
    });
    const email =
      Array.isArray(body['emails']) && typeof body['emails'][0] === 'string' ? body['emails'][0] : '';
    if (email) this.emails.set(personId, email);
    return email || personId;
  }
}
