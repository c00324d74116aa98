/** What the HR site remembers: accounts, sessions, stored days and the faults asked for. */
import { randomBytes } from 'node:crypto';
import type { Entry } from './pages.ts';

export interface HrAccount {
  memberId: string;
  userId: string;
  password: string;
}

/** error: the day page answers 500 · hang: saving the day never answers · no-confirm: saved, no confirmation shown. */
export type DayFault = 'error' | 'hang' | 'no-confirm';

export class HrState {
  private readonly sessions = new Map<string, string>();
  private readonly stored = new Map<string, Map<string, Entry>>();
  readonly faults = new Map<string, DayFault>();
  slowMs = 0;

  readonly accounts: HrAccount[];

  constructor(accounts: HrAccount[]) {
    this.accounts = accounts;
  }

  /** A new session id for the matching account, or undefined when any field is wrong. */
  login(memberId: string, userId: string, password: string): string | undefined {
    const ok = this.accounts.some(
      (a) => a.memberId === memberId && a.userId === userId && a.password === password,
    );
    if (!ok) return undefined;
    const id = randomBytes(18).toString('base64url');
    this.sessions.set(id, memberId);
    return id;
  }

  memberOf(sessionId: string | undefined): string | undefined {
    return sessionId === undefined ? undefined : this.sessions.get(sessionId);
  }

  days(memberId: string): Map<string, Entry> {
    let days = this.stored.get(memberId);
    if (!days) {
      days = new Map();
      this.stored.set(memberId, days);
    }
    return days;
  }

  entries(memberId: string): Entry[] {
    return [...this.days(memberId).values()].sort((a, b) => a.date.localeCompare(b.date));
  }
}
