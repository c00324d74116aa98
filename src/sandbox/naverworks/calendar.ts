/**
 * Calendar subset: events of a user's default calendar (`/users/{userId}/calendar/events...`) and of
 * a named one (`/users/{userId}/calendars/{calendarId}/events...`), plus `calendar-personals`.
 * Default calendars need no seeding: user X's is `default-X`. Listing matches on the master
 * component only (recurrences are not expanded), which is enough for a client's paging and range.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { zoneOffsetMinutes } from '../../platform/time.ts';
import { requireScope, tokenOf } from './auth.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { metaData, paginate } from './paging.ts';
import { restError } from './replies.ts';
import { randomId } from './state.ts';
import type { CalendarEventRecord, WorksUser } from './types.ts';
import { InvalidParameter, isObj, type Obj, obj, oneOf, str } from './validate.ts';

const READ_SCOPES = ['calendar', 'calendar.read'] as const;
const WRITE_SCOPES = ['calendar'] as const;
const MAX_COMPONENTS = 100;
const DAY_MS = 24 * 3600 * 1000;

const OFFSET_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function defaultCalendarId(userId: string): string {
  return `default-${userId}`;
}

/** Wall-clock fields read as if UTC; NaN when a field is out of range (Feb 30, 25:00). */
function wallClock(m: RegExpExecArray): number {
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((v) => (v === undefined ? 0 : Number(v)));
  const t = Date.UTC(y!, mo! - 1, d!, h, mi, s);
  const back = new Date(t);
  const same =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo! - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi;
  return same ? t : Number.NaN;
}

/** `fromDateTime`/`untilDateTime` → epoch ms. A `+` sent unencoded arrives as a space and fails here. */
function offsetDateTime(value: string | undefined, field: string): number {
  if (value === undefined || value === '') throw new InvalidParameter(field, 'is required');
  const m = OFFSET_DATE_TIME.exec(value);
  const wall = m ? wallClock(m) : Number.NaN;
  if (!m || Number.isNaN(wall)) {
    throw new InvalidParameter(field, 'must be YYYY-MM-DDThh:mm:ss±hh:mm (with + sent as %2B)');
  }
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return wall - offset;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

type Time = { kind: 'dateTime'; wall: number; timeZone: string } | { kind: 'date'; wall: number };

function readTime(o: Obj, key: string, path: string): Time {
  const t = obj(o[key], `${path}.${key}`);
  const p = `${path}.${key}`;
  if (t['date'] !== undefined) {
    const m = typeof t['date'] === 'string' ? DATE_ONLY.exec(t['date']) : null;
    const wall = m ? wallClock(m) : Number.NaN;
    if (Number.isNaN(wall)) throw new InvalidParameter(`${p}.date`, 'must be YYYY-MM-DD');
    return { kind: 'date', wall };
  }
  const m = typeof t['dateTime'] === 'string' ? LOCAL_DATE_TIME.exec(t['dateTime']) : null;
  const wall = m ? wallClock(m) : Number.NaN;
  if (Number.isNaN(wall)) {
    throw new InvalidParameter(`${p}.dateTime`, 'must be YYYY-MM-DDThh:mm:ss (local time, no offset)');
  }
  const timeZone = t['timeZone'];
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) {
    throw new InvalidParameter(`${p}.timeZone`, 'must be an IANA time zone such as Asia/Seoul');
  }
  return { kind: 'dateTime', wall, timeZone };
}

/** Local time in its zone → instant; all-day dates use `dateOffset`, the caller's query offset. */
function instant(t: Time, dateOffset: number): number {
  if (t.kind === 'date') return t.wall - dateOffset;
  const guess = t.wall - zoneOffsetMinutes(t.wall, t.timeZone) * 60_000;
  return t.wall - zoneOffsetMinutes(guess, t.timeZone) * 60_000;
}

function checkComponent(c: Obj, path: string): void {
  str(c, 'eventId', path, { optional: true });
  str(c, 'summary', path, { max: 200 });
  str(c, 'description', path, { max: 5000, optional: true });
  str(c, 'location', path, { optional: true });
  oneOf(c, 'transparency', path, ['OPAQUE', 'TRANSPARENT'], true);
  oneOf(c, 'visibility', path, ['PUBLIC', 'PRIVATE'], true);
  const start = readTime(c, 'start', path);
  if (c['end'] === undefined) return;
  const end = readTime(c, 'end', path);
  if (end.kind !== start.kind) throw new InvalidParameter(`${path}.end`, 'must be of the same kind as start');
  if (instant(end, 0) < instant(start, 0)) throw new InvalidParameter(`${path}.end`, 'is before start');
}

/** Validates a create/replace body; every component gets the one eventId (given or new). */
function readComponents(body: unknown, pathEventId?: string): Obj[] {
  const b = obj(body, 'body');
  const list = b['eventComponents'];
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_COMPONENTS) {
    throw new InvalidParameter('eventComponents', `must be an array of 1..${MAX_COMPONENTS} events`);
  }
  if (b['sendNotification'] !== undefined && typeof b['sendNotification'] !== 'boolean') {
    throw new InvalidParameter('sendNotification', 'must be a boolean');
  }
  const components = list.map((c, i) => {
    const o = obj(c, `eventComponents[${i}]`);
    checkComponent(o, `eventComponents[${i}]`);
    return o;
  });
  const ids = new Set(components.map((c) => c['eventId']).filter((v) => typeof v === 'string'));
  if (pathEventId !== undefined) ids.add(pathEventId);
  if (ids.size > 1)
    throw new InvalidParameter('eventComponents.eventId', 'components must share one eventId');
  const eventId = ([...ids][0] as string | undefined) ?? randomId('event-');
  return components.map((c) => ({ ...c, eventId }));
}

/** [start, end) of the master component; a missing end makes a timed event a point, a date one a day. */
function span(rec: CalendarEventRecord, dateOffset: number): [number, number] {
  const master = rec.components[0] ?? {};
  const start = readTime(master, 'start', 'event');
  const from = instant(start, dateOffset);
  if (!isObj(master['end'])) return [from, start.kind === 'date' ? from + DAY_MS : from];
  return [from, instant(readTime(master, 'end', 'event'), dateOffset)];
}

function toWire(rec: CalendarEventRecord) {
  return { eventComponents: rec.components, organizerCalendarId: rec.calendarId };
}

type Params = Record<string, string | undefined>;

interface Target {
  user: WorksUser;
  calendarId: string;
  events: Map<string, CalendarEventRecord>;
}

/** Resolves path userId (id, email or `me`) and calendar, or sends the error and returns null. */
function target(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply): Target | null {
  const params = req.params as Params;
  const raw = params['userId'] ?? '';
  const token = tokenOf(req);
  if (raw === 'me' && token?.userId === undefined) {
    restError(reply, 400, 'INVALID_PARAMETER', 'userId: `me` needs a user-account token');
    return null;
  }
  const id = raw === 'me' ? (token?.userId ?? '') : raw;
  const user = ctx.state.users.find((u) => u.userId === id || u.email.toLowerCase() === id.toLowerCase());
  if (!user) {
    restError(reply, 404, 'NOT_FOUND', 'user not found');
    return null;
  }
  // A member acts on their own calendars; only a service account (admin rights) reaches anyone's.
  if (token?.userId !== undefined && token.userId !== user.userId) {
    restError(reply, 403, 'FORBIDDEN', "a user token cannot reach another user's calendar");
    return null;
  }
  const calendarId = params['calendarId'] ?? defaultCalendarId(user.userId);
  const visible =
    calendarId === defaultCalendarId(user.userId) ||
    ctx.state.calendars.some(
      (c) => c.calendarId === calendarId && (c.userIds === undefined || c.userIds.includes(user.userId)),
    );
  if (!visible) {
    restError(reply, 404, 'NOT_FOUND', 'calendar not found');
    return null;
  }
  let events = ctx.state.events.get(calendarId);
  if (!events) {
    events = new Map();
    ctx.state.events.set(calendarId, events);
  }
  return { user, calendarId, events };
}

function eventOf(t: Target, req: FastifyRequest, reply: FastifyReply): CalendarEventRecord | null {
  const rec = t.events.get((req.params as Params)['eventId'] ?? '');
  if (!rec) restError(reply, 404, 'NOT_FOUND', 'event not found');
  return rec ?? null;
}

function registerEventRoutes(app: FastifyInstance, ctx: EmulatorContext, base: string): void {
  app.get(`${base}/events`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const t = target(ctx, req, reply);
    if (!t) return reply;
    const q = req.query as Params;
    const from = offsetDateTime(q['fromDateTime'], 'fromDateTime');
    const until = offsetDateTime(q['untilDateTime'], 'untilDateTime');
    if (until < from) throw new InvalidParameter('untilDateTime', 'is before fromDateTime');
    // All-day dates are read in the zone the caller asked in, the closest thing to "their" day.
    const offset = wallClock(OFFSET_DATE_TIME.exec(q['fromDateTime'] ?? '')!) - from;
    const hits = [...t.events.values()]
      .map((rec) => ({ rec, range: span(rec, offset) }))
      .filter(({ range: [s, e] }) => s < until && (e > from || (e === s && s >= from)))
      .sort((a, b) => a.range[0] - b.range[0]);
    const page = paginate(hits, q, 100);
    return reply.send({
      events: page.items.map(({ rec }) => toWire(rec)),
      responseMetaData: metaData(page),
    });
  });

  app.post(`${base}/events`, async (req, reply) => {
    if (!requireScope(req, reply, WRITE_SCOPES)) return reply;
    const t = target(ctx, req, reply);
    if (!t) return reply;
    const components = readComponents(req.body);
    const eventId = components[0]!['eventId'] as string;
    if (t.events.has(eventId)) return restError(reply, 409, 'ALREADY_EXIST', 'eventId already exists');
    const rec: CalendarEventRecord = { eventId, calendarId: t.calendarId, components };
    t.events.set(eventId, rec);
    return reply.code(201).send(toWire(rec));
  });

  app.get(`${base}/events/:eventId`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const t = target(ctx, req, reply);
    const rec = t && eventOf(t, req, reply);
    if (!rec) return reply;
    return reply.send(toWire(rec));
  });

  app.put(`${base}/events/:eventId`, async (req, reply) => {
    if (!requireScope(req, reply, WRITE_SCOPES)) return reply;
    const t = target(ctx, req, reply);
    const rec = t && eventOf(t, req, reply);
    if (!rec) return reply;
    rec.components = readComponents(req.body, rec.eventId);
    return reply.send(toWire(rec));
  });

  app.delete(`${base}/events/:eventId`, async (req, reply) => {
    if (!requireScope(req, reply, WRITE_SCOPES)) return reply;
    const t = target(ctx, req, reply);
    const rec = t && eventOf(t, req, reply);
    if (!rec || !t) return reply;
    t.events.delete(rec.eventId);
    return reply.code(204).send();
  });
}

export function registerCalendarRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  registerEventRoutes(app, ctx, `${API_PREFIX}/users/:userId/calendar`);
  registerEventRoutes(app, ctx, `${API_PREFIX}/users/:userId/calendars/:calendarId`);

  app.get(`${API_PREFIX}/users/:userId/calendar-personals`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const t = target(ctx, req, reply);
    if (!t) return reply;
    const mine = ctx.state.calendars.filter(
      (c) => c.userIds === undefined || c.userIds.includes(t.user.userId),
    );
    const all = [{ calendarId: t.calendarId, calendarName: '내 캘린더' }, ...mine].map((c, i) => ({
      calendarId: c.calendarId,
      calendarName: c.calendarName,
      isShowOnLNBList: true,
      displayOrder: i + 1,
    }));
    const page = paginate(all, req.query as Params, 100);
    return reply.send({ calendarPersonals: page.items, responseMetaData: metaData(page) });
  });
}
