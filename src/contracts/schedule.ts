/** A cron string (5 or 6 fields, seconds first when 6) or the full form. */
export type ScheduleSpec =
  | string
  | {
      cron: string;
      timezone?: string;
      /** Calendars whose closed days skip a run: 'weekends', 'holidays:XKRX'. */
      skip?: string[];
      /**
       * Run only on these days: 'trading-days:XNYS', 'first-trading-day:XKRX',
       * 'last-trading-day:XKRX' (of the month), 'last-trading-day:XKRX:2' (2 trading days before it).
       */
      on?: string | string[];
      /** A run due while the previous one still runs: skip it, queue it (one at most), or allow both. */
      overlap?: 'skip' | 'queue' | 'allow';
      /** After downtime: forget missed runs, or run once for them. */
      missed?: 'skip' | 'once';
    };
