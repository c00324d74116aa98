import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';

const require = createRequire(import.meta.url);

/** date-holidays' rules for a country (with its state and region, as the library names them). */
export function holidaysOf(country: string, state = '', region = ''): Holidays {
  const Library = require('date-holidays') as typeof Holidays;
  return new Library(country, state, region);
}

/**
 * A country's rules, made on first use. date-holidays parses every country's data when it loads
 * (about 23 MiB), so it loads with the first calendar that asks, not in every daemon and app.
 */
export function lazyHolidays(country: string): () => Holidays {
  let made: Holidays | undefined;
  return () => {
    made ??= holidaysOf(country);
    return made;
  };
}
