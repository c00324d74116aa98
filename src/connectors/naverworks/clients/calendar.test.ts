import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorksApiError, type WorksRequest } from '../api.ts';
import { type CalendarClient, calendarClient, formatCalendarTime } from './calendar.ts';
import { type WorksClientHarness, worksClientHarness } from './test-harness.ts';

let harness: WorksClientHarness;

beforeEach(async () => {
  harness = await worksClientHarness({
    users: [{ userId: 'user-a', email: 'kim@example.com', lastName: '김', firstName: '민준' }],
    calendars: [{ calendarId: 'cal-team', calendarName: 'Team' }],
  });
});
afterEach(() => harness.close());

/** A client the way the connector builds one, on its own connection (and so its own token). */
function works(scopes: string[], connection = 'works'): { client: CalendarClient; request: WorksRequest } {
  const deps = harness.deps({ scopes }, connection);
  return { client: calendarClient(deps), request: deps.request };
}

const at = (dateTime: string) => ({ dateTime, timeZone: 'Asia/Seoul' });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(WorksApiError);
      return err as WorksApiError;
    },
  );

describe('formatCalendarTime', () => {
  it.each([
    ['2024-05-01T00:00:00Z', 'Asia/Seoul', '2024-05-01T09:00:00+09:00'],
    ['2024-05-01T09:00:00.750+09:00', 'Asia/Seoul', '2024-05-01T09:00:00+09:00'],
    ['2024-05-01T12:30:00Z', 'America/New_York', '2024-05-01T08:30:00-04:00'],
    ['2024-01-15T12:00:00+0000', 'Asia/Kolkata', '2024-01-15T17:30:00+05:30'],
    ['2024-05-01T00:00:00Z', 'UTC', '2024-05-01T00:00:00+00:00'],
  ])('%s in %s → %s', (input, zone, expected) => {
    expect(formatCalendarTime(input, zone)).toBe(expected);
  });

  it('takes epoch ms and refuses a time without an offset', () => {
    expect(formatCalendarTime(Date.UTC(2024, 4, 1), 'Asia/Seoul')).toBe('2024-05-01T09:00:00+09:00');
    expect(() => formatCalendarTime('2024-05-01T09:00:00')).toThrow(/needs an offset or Z/);
    expect(() => formatCalendarTime('2024-13-45T09:00:00Z')).toThrow(/not a valid instant/);
  });
});

describe('calendar client', () => {
  it('creates an event and finds it by instant, whatever zone the range is written in', async () => {
    const { client } = works(['calendar']);
    const created = await client.createEvent({
      userId: 'user-a',
      event: { summary: '주간 회의', start: at('2024-05-01T09:00:00'), end: at('2024-05-01T10:00:00') },
      sendNotification: false,
    });
    expect(created).toMatchObject({ summary: '주간 회의', eventId: expect.stringMatching(/^event-/) });

    // 09:00 Seoul = 00:00Z. The emulator compares instants, so the event is inside the first window
    // and just outside the second: the offset reached it intact (sent as %2B).
    const inside = await client.listEvents({
      userId: 'user-a',
      from: '2024-05-01T00:00:00Z',
      until: '2024-05-01T00:30:00Z',
    });
    expect(inside.items.map((e) => e.eventComponents[0]?.eventId)).toEqual([created.eventId]);
    expect(inside.items[0]?.organizerCalendarId).toBe('default-user-a');
    const later = await client.listEvents({
      userId: 'user-a',
      from: '2024-05-01T10:00:00+09:00',
      until: '2024-05-01T12:00:00+09:00',
    });
    expect(later.items).toEqual([]);
    const newYork = await client.listEvents({
      userId: 'kim@example.com',
      from: '2024-04-30T19:30:00-04:00',
      until: '2024-04-30T21:00:00-04:00',
      timeZone: 'America/New_York',
    });
    expect(newYork.items).toHaveLength(1);
  });

  it('would have been rejected with a literal + in the query', async () => {
    const { request } = works(['calendar.read']);
    const err = await failure(
      request(
        'GET',
        '/users/user-a/calendar/events?fromDateTime=2024-05-01T09:00:00+09:00&untilDateTime=2024-05-01T10:00:00+09:00',
      ),
    );
    expect([err.status, err.errorCode]).toEqual([400, 'INVALID_PARAMETER']);
  });

  it('pages through events of a named calendar', async () => {
    const { client } = works(['calendar']);
    for (const hour of ['09', '10', '11']) {
      await client.createEvent({
        userId: 'user-a',
        calendarId: 'cal-team',
        event: { summary: `slot ${hour}`, start: at(`2024-05-02T${hour}:00:00`) },
      });
    }
    const range = {
      userId: 'user-a',
      calendarId: 'cal-team',
      from: '2024-05-02T00:00:00+09:00',
      until: '2024-05-03T00:00:00+09:00',
    };
    const p1 = await client.listEvents({ ...range, count: 2 });
    expect(p1.nextCursor).toBeTypeOf('string');
    const p2 = await client.listEvents({
      ...range,
      count: 2,
      ...(p1.nextCursor ? { cursor: p1.nextCursor } : {}),
    });
    expect(p2.nextCursor).toBeUndefined();
    expect([...p1.items, ...p2.items].map((e) => e.eventComponents[0]?.summary)).toEqual([
      'slot 09',
      'slot 10',
      'slot 11',
    ]);
  });

  it('gets, replaces and deletes an event; lists the calendars', async () => {
    const { client } = works(['calendar']);
    const { eventId } = await client.createEvent({
      userId: 'user-a',
      event: { eventId: 'ev-7', summary: 'draft', start: { date: '2024-05-05' } },
    });
    expect(eventId).toBe('ev-7');
    const updated = await client.updateEvent({
      userId: 'user-a',
      eventId: 'ev-7',
      event: { summary: 'Children’s Day', start: { date: '2024-05-05' } },
    });
    expect(updated).toMatchObject({ eventId: 'ev-7', summary: 'Children’s Day' });
    expect((await client.getEvent({ userId: 'user-a', eventId: 'ev-7' })).eventComponents[0]?.summary).toBe(
      'Children’s Day',
    );
    await client.deleteEvent({ userId: 'user-a', eventId: 'ev-7' });
    const gone = await failure(client.getEvent({ userId: 'user-a', eventId: 'ev-7' }));
    expect(gone.status).toBe(404);

    const calendars = await client.calendars({ userId: 'user-a' });
    expect(calendars.items.map((c) => c.calendarId)).toEqual(['default-user-a', 'cal-team']);
  });

  it('maps bad input, unknown users and missing scopes to WorksApiError', async () => {
    const { client } = works(['calendar']);
    const noSummary = await failure(
      client.createEvent({ userId: 'user-a', event: { start: { date: '2024-05-01' } } as never }),
    );
    expect([noSummary.status, noSummary.errorCode, noSummary.retryable]).toEqual([
      400,
      'INVALID_PARAMETER',
      false,
    ]);
    expect(noSummary.description).toBe('eventComponents[0].summary: must be a non-empty string');

    const unknown = await failure(client.listEvents({ userId: 'nobody', from: 0, until: 1000 }));
    expect([unknown.status, unknown.errorCode]).toEqual([404, 'NOT_FOUND']);

    const readOnly = works(['calendar.read'], 'works-ro').client;
    const forbidden = await failure(
      readOnly.createEvent({ userId: 'user-a', event: { summary: 'x', start: { date: '2024-05-01' } } }),
    );
    expect([forbidden.status, forbidden.errorCode]).toEqual([403, 'FORBIDDEN']);
  });
});
