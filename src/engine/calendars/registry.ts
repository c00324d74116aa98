import type { Logger } from '../../platform/log.ts';
import type { CalendarProvider } from './types.ts';
import { weekendsCalendar } from './weekends.ts';

const HOLIDAYS_PREFIX = 'holidays:';

export interface CalendarRegistryOptions {
  log: Logger;
  /** Providers to start with. Default: `[weekendsCalendar]`. */
  providers?: CalendarProvider[];
}

/**
 * All calendar providers behind one `CalendarProvider`. A name no provider knows is treated as
 * open (never closed) with one warning per name, so a missing data source makes runs happen rather
 * than silently disappear. That is the state of `holidays:<EXCHANGE>` until the exchange-calendar
 * provider calls `register()`.
 */
export class CalendarRegistry implements CalendarProvider {
  private readonly log: Logger;
  private providers: CalendarProvider[];
  private readonly warned = new Set<string>();

  constructor(options: CalendarRegistryOptions) {
    this.log = options.log;
    this.providers = [...(options.providers ?? [weekendsCalendar])];
  }

  /**
   * Adds a provider. When several know a name, the one registered last answers, so a more specific
   * source can take over from a built-in one. Returns a function that removes it again.
   */
  register(provider: CalendarProvider): () => void {
    this.providers = [...this.providers, provider];
    return () => {
      this.providers = this.providers.filter((p) => p !== provider);
      // Names it answered for may be unknown again, which deserves a fresh warning.
      this.warned.clear();
    };
  }

  knows(calendar: string): boolean {
    return this.providerFor(calendar) !== undefined;
  }

  async isClosed(calendar: string, date: string): Promise<boolean> {
    const provider = this.providerFor(calendar);
    if (provider) return provider.isClosed(calendar, date);
    this.warnOnce(calendar);
    return false;
  }

  private providerFor(calendar: string): CalendarProvider | undefined {
    for (let i = this.providers.length - 1; i >= 0; i--) {
      const provider = this.providers[i]!;
      if (provider.knows(calendar)) return provider;
    }
    return undefined;
  }

  private warnOnce(calendar: string): void {
    if (this.warned.has(calendar)) return;
    this.warned.add(calendar);
    if (calendar.startsWith(HOLIDAYS_PREFIX)) {
      const exchange = calendar.slice(HOLIDAYS_PREFIX.length);
      this.log.warn({ calendar }, `no holiday data for ${exchange} yet; runs are not skipped`);
    } else {
      this.log.warn({ calendar }, `unknown calendar "${calendar}"; runs are not skipped`);
    }
  }
}
