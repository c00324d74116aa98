/**
 * A source of closed days. A calendar is named by a string: `weekends`, `holidays:XKRX`, …
 * Several providers sit behind one `CalendarRegistry`; each says which names it answers for.
 */
export interface CalendarProvider {
  /**
   * Whether the calendar is closed on a date.
   * @param date `YYYY-MM-DD`, already converted to the local date of whoever asks (a schedule's
   *   timezone), so providers never guess a timezone.
   */
  isClosed(calendar: string, date: string): Promise<boolean>;
  /** Whether this provider answers for the calendar name. Must be cheap and synchronous. */
  knows(calendar: string): boolean;
}
