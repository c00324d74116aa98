import { addDays, collectPages } from 'opsbot';
import type { CalendarEvent, NaverworksClient } from 'opsbot/connectors/naverworks';
import { fill } from '../shared/dates.ts';

/**
 * Mirrors exchange closures into a NAVER WORKS calendar as all-day events ("XKRX 휴장일(설날)").
 * Shared by the holiday-checker app (through ctx.connector) and `opsbot holiday sync` (with a real
 * connector client), so it depends only on the structural types below.
 *
 * Which event belongs to which closure is remembered in a key-value store (exchange+date → eventId).
 * Without that memory a renamed holiday would look like a new one plus a stranger's event. Events
 * that already carry the wanted summary on that day are adopted rather than duplicated, which also
 * picks up the events the old Python holiday_checker created.
 */

export interface SyncHoliday {
  exchange: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The closure's name. */
  name: string;
  /** The exchange's display name, for the {exchangeName} placeholder. */
  exchangeName?: string;
}

type WorksEvent = CalendarEvent;

/** Whose calendar: the user, and one of their calendars (default: the user's default calendar). */
interface Where {
  userId: string;
  calendarId?: string;
}

/** What the sync needs of a NAVER WORKS connection: its calendar and directory clients. */
export type WorksCalendarClient = Pick<NaverworksClient, 'calendar' | 'directory'>;

/** Where the eventId map lives (the app passes ctx.store). */
export interface SyncStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export interface CalendarSyncOptions {
  /** Korean display name (김민준), login email, or userId. */
  user: string;
  /** A calendar the user sees, by name; absent = the user's default calendar. */
  calendarName?: string;
  /** Placeholders: {exchange}, {exchangeName}, {name} (the closure), {date}. */
  summary?: string;
  /** First and last date (inclusive) the holidays cover; events outside are left alone. */
  from: string;
  to: string;
  /** Zone the list call speaks in; all-day dates are read in it. */
  timeZone?: string;
  /** Store key of the eventId map. */
  storeKey?: string;
}

export interface CalendarSyncResult {
  userId: string;
  /** Absent = the default calendar. */
  calendarId?: string;
  created: string[];
  updated: string[];
  deleted: string[];
  /** Already there with the right summary (ours or adopted). */
  unchanged: number;
}

interface EventMap {
  userId: string;
  calendarId: string | null;
  /** "<exchange> <date>" → the event standing for that closure. */
  events: Record<string, { eventId: string; date: string }>;
}

export const DEFAULT_SUMMARY = '{exchange} 휴장일({name})';
const SUMMARY_MAX = 200;
const PAGE = 100;

const keyOf = (h: { exchange: string; date: string }) => `${h.exchange} ${h.date}`;

export function summaryOf(template: string, h: SyncHoliday): string {
  const text = fill(template, {
    exchange: h.exchange,
    exchangeName: h.exchangeName ?? h.exchange,
    name: h.name,
    date: h.date,
  });
  return text.slice(0, SUMMARY_MAX);
}

/** A display name must match exactly one member: writing into the wrong person's calendar is worse than failing. */
export async function resolveUser(client: WorksCalendarClient, user: string): Promise<string> {
  const wanted = user.trim();
  if (wanted.includes('@')) {
    const found = await client.directory.findByEmail(wanted);
    if (!found) throw new Error(`no NAVER WORKS user with the email ${wanted}`);
    return found.userId;
  }
  const matches = await client.directory.findByName(wanted);
  if (matches.length === 1) return matches[0]!.userId;
  if (matches.length > 1) {
    const ids = matches.map((m) => m.email ?? m.userId).join(', ');
    throw new Error(
      `${matches.length} NAVER WORKS users are named "${wanted}" (${ids}): give an email instead`,
    );
  }
  if (client.directory.user) {
    try {
      return (await client.directory.user(wanted)).userId;
    } catch {
      // Not a userId either: fall through to the not-found message.
    }
  }
  throw new Error(`no NAVER WORKS user named "${wanted}" (give the display name, an email or a userId)`);
}

export async function resolveCalendar(
  client: WorksCalendarClient,
  userId: string,
  name: string,
): Promise<string> {
  const all = await collectPages((cursor) =>
    client.calendar.calendars({ userId, count: PAGE, ...(cursor ? { cursor } : {}) }),
  );
  const hits = all.filter((c) => c.calendarName.trim() === name.trim());
  if (hits.length === 1) return hits[0]!.calendarId;
  if (hits.length > 1) throw new Error(`the user sees ${hits.length} calendars named "${name}"`);
  const names = all.map((c) => `"${c.calendarName}"`).join(', ');
  throw new Error(`no calendar named "${name}" for user ${userId} (they see ${names || 'none'})`);
}

function eventDate(e: WorksEvent): string | undefined {
  return e.start.date ?? e.start.dateTime?.slice(0, 10);
}

function isNotFound(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return status === 404 || (err instanceof Error && /\b404\b/.test(err.message));
}

export async function syncHolidayCalendar(
  client: WorksCalendarClient,
  store: SyncStore,
  holidays: SyncHoliday[],
  options: CalendarSyncOptions,
): Promise<CalendarSyncResult> {
  const template = options.summary ?? DEFAULT_SUMMARY;
  const storeKey = options.storeKey ?? 'calendar-events';
  const userId = await resolveUser(client, options.user);
  const calendarId = options.calendarName
    ? await resolveCalendar(client, userId, options.calendarName)
    : undefined;
  const where: Where = calendarId === undefined ? { userId } : { userId, calendarId };

  // A map for another user or calendar says nothing about this one.
  const saved = await store.get<EventMap>(storeKey);
  const map: EventMap =
    saved && saved.userId === userId && saved.calendarId === (calendarId ?? null)
      ? saved
      : { userId, calendarId: calendarId ?? null, events: {} };

  // One day of slack on both sides: all-day dates are read in the list call's zone.
  const listed = await collectPages((cursor) =>
    client.calendar.listEvents({
      ...where,
      from: `${addDays(options.from, -1)}T00:00:00Z`,
      until: `${addDays(options.to, 2)}T00:00:00Z`,
      timeZone: options.timeZone ?? 'Asia/Seoul',
      count: PAGE,
      ...(cursor ? { cursor } : {}),
    }),
  );
  const byId = new Map<string, WorksEvent>();
  for (const entry of listed) {
    const master = entry.eventComponents[0];
    if (master?.eventId) byId.set(master.eventId, master);
  }
  const onDay = (date: string, summary: string) =>
    [...byId.values()].find((e) => eventDate(e) === date && e.summary === summary);

  const result: CalendarSyncResult = {
    userId,
    ...(calendarId === undefined ? {} : { calendarId }),
    created: [],
    updated: [],
    deleted: [],
    unchanged: 0,
  };
  const wanted = new Map(holidays.map((h) => [keyOf(h), h]));
  try {
    for (const [key, h] of wanted) {
      const summary = summaryOf(template, h);
      const event: WorksEvent = { summary, start: { date: h.date } };
      const mine = map.events[key];
      const current = mine ? byId.get(mine.eventId) : undefined;
      if (mine && current) {
        if (current.summary === summary) {
          result.unchanged++;
          continue;
        }
        await client.calendar.updateEvent({
          ...where,
          eventId: mine.eventId,
          event,
          sendNotification: false,
        });
        result.updated.push(summary);
        continue;
      }
      // Ours was deleted by hand, or we never had one: adopt a matching event before creating.
      const existing = onDay(h.date, summary);
      if (existing?.eventId) {
        map.events[key] = { eventId: existing.eventId, date: h.date };
        result.unchanged++;
        continue;
      }
      const created = await client.calendar.createEvent({ ...where, event, sendNotification: false });
      if (!created.eventId) throw new Error(`creating "${summary}" returned no eventId`);
      map.events[key] = { eventId: created.eventId, date: h.date };
      byId.set(created.eventId, { ...event, eventId: created.eventId });
      result.created.push(summary);
    }
    for (const [key, mine] of Object.entries(map.events)) {
      if (wanted.has(key)) continue;
      // Past closures keep their events; ones beyond the window are judged once it reaches them.
      if (mine.date > options.to) continue;
      if (mine.date >= options.from) {
        try {
          await client.calendar.deleteEvent({ ...where, eventId: mine.eventId });
          result.deleted.push(byId.get(mine.eventId)?.summary ?? key);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      delete map.events[key];
    }
  } finally {
    // Saved even after a failure, so events made so far are not made twice.
    await store.set(storeKey, map);
  }
  return result;
}
