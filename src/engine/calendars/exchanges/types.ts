/**
 * What an exchange's rules give: closures and special sessions per year, computed (no I/O).
 * Manual entries from the store are layered on top by `ExchangeCalendars`; rules never see them.
 */

/** A day the rules close the exchange. Weekend days may appear; callers ignore them. */
export interface RuleClosure {
  /** YYYY-MM-DD in the exchange's timezone. */
  date: string;
  /** What people call it, e.g. "설날" or "Thanksgiving Day". */
  name: string;
}

/** A trading day with other hours: a late open, an early close, or a shifted session. */
export interface SpecialSession {
  date: string;
  /** HH:MM local; absent = the regular open. */
  open?: string;
  /** HH:MM local; absent = the regular close. */
  close?: string;
  name: string;
}

export interface ExchangeRules {
  /** ISO 10383 MIC (XKRX) or the code a config gives a custom exchange. */
  mic: string;
  name: string;
  /** IANA timezone the dates and hours are in. */
  timezone: string;
  /** Days of the week without trading: 0 = Sunday … 6 = Saturday. */
  weekend: readonly number[];
  /** Regular hours, HH:MM local. */
  session: { open: string; close: string };
  closures(year: number): RuleClosure[];
  specials(year: number): SpecialSession[];
  /** Years the rules are known to be complete for (ad-hoc closures need data); outside, they are a best guess. */
  coverage?: { from: number; to: number };
}

/** A config-defined exchange (`exchanges:` in opsbot.yaml): a country's public holidays plus extras. */
export interface CustomExchangeConfig {
  name: string;
  timezone: string;
  /** ISO 3166 country (and optional state, "DE-HE") whose public holidays close the exchange. */
  country?: string;
  /** "09:00-17:30" */
  session: string;
  weekend?: number[];
  /** Extra closures, e.g. { date: 2026-12-24, name: Christmas Eve }. */
  closed?: Array<{ date: string; name: string }>;
  /** Holidays of `country` the exchange trades on anyway (by name, as date-holidays spells it). */
  open?: string[];
  specials?: SpecialSession[];
}
