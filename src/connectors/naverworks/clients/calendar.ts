import { zoneOffsetMinutes } from '../../../platform/time.ts';
import { type ClientDeps, type Page, query, toPage } from './deps.ts';

/**
 * Calendar of one user: the default calendar when `calendarId` is absent, else the named one.
 * List results stay grouped as the API sends them (`{eventComponents, organizerCalendarId}`): a
 * recurring event's exceptions share the master's eventId and only make sense next to it.
 */

/** Timed: local `dateTime` (no offset) plus IANA `timeZone`; all-day: `date` (YYYY-MM-DD). */
export interface EventTime {
  dateTime?: string;
  timeZone?: string;
  date?: string;
}

export interface CalendarEvent {
  /** Assigned by the service when absent on create. */
  eventId?: string;
  /** Required, at most 200 characters. */
  summary: string;
  description?: string;
  location?: string;
  start: EventTime;
  end?: EventTime;
  [field: string]: unknown;
}

export interface EventEntry {
  /** Master event first, then recurrence exceptions. */
  eventComponents: CalendarEvent[];
  organizerCalendarId?: string;
  [field: string]: unknown;
}

export interface CalendarInfo {
  calendarId: string;
  calendarName: string;
  [field: string]: unknown;
}

interface Where {
  /** User id, login email, or `me` with a user-account token. */
  userId: string;
  /** Absent = the user's default calendar. */
  calendarId?: string;
}

const DEFAULT_TIME_ZONE = 'Asia/Seoul';
// An offset or Z is required: a bare local time would silently mean whatever zone the daemon runs in.
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function eventsPath(w: Where): string {
  const user = `/users/${encodeURIComponent(w.userId)}`;
  const calendar =
    w.calendarId === undefined ? '/calendar' : `/calendars/${encodeURIComponent(w.calendarId)}`;
  return `${user}${calendar}/events`;
}

/**
 * An instant (ISO string with offset or Z, or epoch ms) → `YYYY-MM-DDThh:mm:ss±hh:mm` in `timeZone`,
 * the only form the list call accepts. Sub-second precision is dropped.
 */
export function formatCalendarTime(value: string | number, timeZone = DEFAULT_TIME_ZONE): string {
  if (typeof value === 'string' && !ZONED_ISO.test(value.trim())) {
    throw new TypeError(`calendar time "${value}" needs an offset or Z, e.g. 2024-05-01T09:00:00+09:00`);
  }
  const instant = typeof value === 'number' ? value : Date.parse(value.trim());
  if (!Number.isFinite(instant)) throw new TypeError(`calendar time "${value}" is not a valid instant`);
  const offset = zoneOffsetMinutes(instant, timeZone);
  const wall = new Date(Math.floor(instant / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

export function calendarClient(deps: ClientDeps) {
  const { request } = deps;
  return {
    /**
     * Events overlapping [from, until). `from`/`until` are instants (ISO with offset or Z, or epoch
     * ms), sent as local time in `timeZone` (default Asia/Seoul) with the `+` encoded as `%2B`.
     */
    async listEvents(
      args: Where & {
        from: string | number;
        until: string | number;
        timeZone?: string;
        count?: number;
        cursor?: string;
      },
    ): Promise<Page<EventEntry>> {
      const zone = args.timeZone ?? DEFAULT_TIME_ZONE;
      // URLSearchParams (inside query) writes `+` as %2B; a hand-built string would send a space.
      const q = query({
        fromDateTime: formatCalendarTime(args.from, zone),
        untilDateTime: formatCalendarTime(args.until, zone),
        count: args.count,
        cursor: args.cursor,
      });
      const res = await request('GET', `${eventsPath(args)}${q}`);
      return toPage<EventEntry>(res.body, 'events');
    },

    async getEvent(args: Where & { eventId: string }): Promise<EventEntry> {
      const res = await request('GET', `${eventsPath(args)}/${encodeURIComponent(args.eventId)}`);
      return res.body as EventEntry;
    },

    /** Returns the created master event, with the eventId the service assigned. */
    async createEvent(
      args: Where & { event: CalendarEvent; exceptions?: CalendarEvent[]; sendNotification?: boolean },
    ): Promise<CalendarEvent> {
      const body = {
        eventComponents: [args.event, ...(args.exceptions ?? [])],
        ...(args.sendNotification === undefined ? {} : { sendNotification: args.sendNotification }),
      };
      const res = await request('POST', eventsPath(args), body);
      return masterOf(res.body) ?? { ...args.event };
    },

    /** Replaces the whole event (PUT): fields left out are cleared. */
    async updateEvent(
      args: Where & {
        eventId: string;
        event: CalendarEvent;
        exceptions?: CalendarEvent[];
        sendNotification?: boolean;
      },
    ): Promise<CalendarEvent> {
      const body = {
        eventComponents: [args.event, ...(args.exceptions ?? [])].map((e) => ({
          ...e,
          eventId: args.eventId,
        })),
        ...(args.sendNotification === undefined ? {} : { sendNotification: args.sendNotification }),
      };
      const res = await request('PUT', `${eventsPath(args)}/${encodeURIComponent(args.eventId)}`, body);
      return masterOf(res.body) ?? body.eventComponents[0]!;
    },

    async deleteEvent(args: Where & { eventId: string }): Promise<void> {
      await request('DELETE', `${eventsPath(args)}/${encodeURIComponent(args.eventId)}`);
    },

    /** Calendars the user sees (`calendar-personals`), the default one included. */
    async calendars(args: { userId: string; count?: number; cursor?: string }): Promise<Page<CalendarInfo>> {
      const q = query({ count: args.count, cursor: args.cursor });
      const res = await request('GET', `/users/${encodeURIComponent(args.userId)}/calendar-personals${q}`);
      return toPage<CalendarInfo>(res.body, 'calendarPersonals');
    },
  };
}

export type CalendarClient = ReturnType<typeof calendarClient>;

function masterOf(body: unknown): CalendarEvent | undefined {
  const components = (body as { eventComponents?: unknown } | undefined)?.eventComponents;
  return Array.isArray(components) ? (components[0] as CalendarEvent | undefined) : undefined;
}
