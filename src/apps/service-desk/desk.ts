import type { AppContext } from 'opsbot';
import type { OfficeCalendar } from './calendar.ts';
import type { Options } from './options.ts';
import type { People } from './people.ts';
import type { Search, Service } from './services.ts';

/** What the chat handlers share once the app has started. */
export interface Desk {
  ctx: AppContext<Options>;
  people: People;
  calendar: OfficeCalendar;
  services: Service[];
  search: Search;
}
