export interface DayInfo {
  /** YYYY-MM-DD in the exchange's timezone. */
  date: string;
  exchange: string;
  /** The closure's name ("설날", "Thanksgiving Day"). */
  name: string;
}

/** Trading hours of one day, HH:MM in the exchange's timezone. */
export interface SessionHours {
  exchange: string;
  date: string;
  open: string;
  close: string;
  timezone: string;
  /** Set when the hours differ from the regular ones ("CSAT day", "first trading day"). */
  special?: string;
}

export interface ExchangeInfo {
  exchange: string;
  name: string;
  timezone: string;
}

/** Market calendars. Dates are YYYY-MM-DD; "today" is today in the exchange's own timezone. */
export interface CalendarApi {
  /** Whether the calendar ('weekends', 'holidays:XKRX', or an exchange code) is closed on a date (default today). */
  isClosed(calendar: string, date?: string): Promise<boolean>;
  /** Exchanges from the list that are closed today (weekdays only), with the closure's name. */
  closedToday(exchanges: string[]): Promise<DayInfo[]>;
  isTradingDay(exchange: string, date?: string): Promise<boolean>;
  /** Closures on weekdays between two dates, inclusive. */
  closures(exchange: string, from: string, to: string): Promise<DayInfo[]>;
  /** Hours on a date (default today); null when the exchange is closed. */
  session(exchange: string, date?: string): Promise<SessionHours | null>;
  /** The first trading day after a date (default today). */
  nextTradingDay(exchange: string, date?: string): Promise<string>;
  /** The last trading day before a date (default today). */
  previousTradingDay(exchange: string, date?: string): Promise<string>;
  /** The last trading day of a month ('YYYY-MM', default this month). */
  lastTradingDayOfMonth(exchange: string, month?: string): Promise<string>;
  /** The trading day `n` trading days before a date (n = 0: the date itself if it trades). */
  tradingDaysBefore(exchange: string, date: string, n: number): Promise<string>;
  /** Every exchange the daemon knows. */
  exchanges(): Promise<ExchangeInfo[]>;
}
