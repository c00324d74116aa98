import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorksEmulator } from './emulator.ts';
import { api, CLIENT, keys, postForm, serviceToken, start } from './testkit.ts';

let emu: WorksEmulator;
let token: string;
const users = [
  { userId: 'user-a', email: 'kim@example.com', lastName: '김', firstName: '민준' },
  { userId: 'user-b', email: 'lee@example.com', lastName: '이', firstName: '서연' },
];
const calendars = [
  { calendarId: 'cal-team', calendarName: 'Team', userIds: ['user-a'] },
  { calendarId: 'cal-all', calendarName: 'Everyone' },
];
beforeAll(async () => {
  emu = await start({
    users,
    calendars,
    clients: [
      { ...CLIENT, publicKeyPem: keys.publicKey, scopes: ['calendar', 'calendar.read', 'user.read'] },
    ],
  });
  token = await serviceToken(emu, 'calendar');
});
afterAll(() => emu.close());

const range = (from: string, until: string) =>
  `fromDateTime=${encodeURIComponent(from)}&untilDateTime=${encodeURIComponent(until)}`;
const event = (summary: string, dateTime: string, extra: Record<string, unknown> = {}) => ({
  summary,
  start: { dateTime, timeZone: 'Asia/Seoul' },
  end: {
    dateTime: dateTime.replace(/T(\d\d)/, (_m, h: string) => `T${String(Number(h) + 1).padStart(2, '0')}`),
    timeZone: 'Asia/Seoul',
  },
  ...extra,
});
type Listed = {
  events: { eventComponents: { eventId: string; summary: string }[] }[];
  responseMetaData: { nextCursor?: string };
};

async function userToken(scope: string): Promise<string> {
  const url = new URL(`${emu.authUrl}/authorize`);
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUri,
    response_type: 'code',
    scope,
  }).toString();
  const consent = await fetch(url, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const res = await postForm(`${emu.authUrl}/token`, {
    grant_type: 'authorization_code',
    code,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('calendar events', () => {
  it('creates in the default calendar, assigns an eventId and lists it by instant', async () => {
    const created = await api(emu, token, 'POST', '/users/user-a/calendar/events', {
      eventComponents: [event('Standup', '2024-05-01T09:00:00')],
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as {
      eventComponents: { eventId: string }[];
      organizerCalendarId: string;
    };
    expect(body.eventComponents[0]?.eventId).toMatch(/^event-/);
    expect(body.organizerCalendarId).toBe('default-user-a');

    // 09:00 in Seoul is 00:00 UTC: the same instant written with another offset still matches.
    const utc = await api(
      emu,
      token,
      'GET',
      `/users/user-a/calendar/events?${range('2024-05-01T00:30:00+00:00', '2024-05-01T02:00:00+00:00')}`,
    );
    expect(((await utc.json()) as Listed).events.map((e) => e.eventComponents[0]?.summary)).toEqual([
      'Standup',
    ]);
    const after = await api(
      emu,
      token,
      'GET',
      `/users/kim%40example.com/calendar/events?${range('2024-05-01T10:00:00+09:00', '2024-05-02T00:00:00+09:00')}`,
    );
    expect(((await after.json()) as Listed).events).toEqual([]);
  });

  it('rejects a + offset sent unencoded (it arrives as a space), Z, and missing params', async () => {
    const raw = await api(
      emu,
      token,
      'GET',
      '/users/user-a/calendar/events?fromDateTime=2024-05-01T00:00:00+09:00&untilDateTime=2024-05-02T00:00:00%2B09:00',
    );
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({
      code: 'INVALID_PARAMETER',
      description: 'fromDateTime: must be YYYY-MM-DDThh:mm:ss±hh:mm (with + sent as %2B)',
    });
    const zulu = await api(
      emu,
      token,
      'GET',
      `/users/user-a/calendar/events?${range('2024-05-01T00:00:00Z', '2024-05-02T00:00:00+09:00')}`,
    );
    expect(zulu.status).toBe(400);
    const missing = await api(
      emu,
      token,
      'GET',
      '/users/user-a/calendar/events?fromDateTime=2024-05-01T00%3A00%3A00%2B09%3A00',
    );
    expect(await missing.json()).toEqual({
      code: 'INVALID_PARAMETER',
      description: 'untilDateTime: is required',
    });
  });

  it('pages events in start order and includes all-day events of the asked day', async () => {
    for (const [summary, at] of [
      ['B', '2024-06-03T11:00:00'],
      ['A', '2024-06-03T08:00:00'],
    ] as const) {
      await api(emu, token, 'POST', '/users/user-b/calendar/events', {
        eventComponents: [event(summary, at)],
      });
    }
    await api(emu, token, 'POST', '/users/user-b/calendar/events', {
      eventComponents: [{ summary: 'Holiday', start: { date: '2024-06-03' } }],
    });
    const q = range('2024-06-03T00:00:00+09:00', '2024-06-04T00:00:00+09:00');
    const p1 = (await (
      await api(emu, token, 'GET', `/users/user-b/calendar/events?${q}&count=2`)
    ).json()) as Listed;
    const p2 = (await (
      await api(
        emu,
        token,
        'GET',
        `/users/user-b/calendar/events?${q}&count=2&cursor=${p1.responseMetaData.nextCursor}`,
      )
    ).json()) as Listed;
    expect([...p1.events, ...p2.events].map((e) => e.eventComponents[0]?.summary)).toEqual([
      'Holiday',
      'A',
      'B',
    ]);
    expect(p2.responseMetaData).toEqual({});
  });

  it('gets, replaces and deletes one event', async () => {
    const created = await api(emu, token, 'POST', '/users/user-b/calendars/cal-all/events', {
      eventComponents: [event('Draft', '2024-07-01T10:00:00', { eventId: 'ev-1' })],
      sendNotification: false,
    });
    expect(created.status).toBe(201);
    const put = await api(emu, token, 'PUT', '/users/user-b/calendars/cal-all/events/ev-1', {
      eventComponents: [event('Final', '2024-07-01T10:00:00')],
    });
    expect(put.status).toBe(200);
    const got = await api(emu, token, 'GET', '/users/user-b/calendars/cal-all/events/ev-1');
    expect(await got.json()).toMatchObject({
      eventComponents: [{ eventId: 'ev-1', summary: 'Final' }],
      organizerCalendarId: 'cal-all',
    });
    expect((await api(emu, token, 'DELETE', '/users/user-b/calendars/cal-all/events/ev-1')).status).toBe(204);
    expect((await api(emu, token, 'GET', '/users/user-b/calendars/cal-all/events/ev-1')).status).toBe(404);
    expect(emu.state.events.get('cal-all')?.size).toBe(0);
  });

  it.each([
    [
      'missing summary',
      { start: { date: '2024-05-01' } },
      'eventComponents[0].summary: must be a non-empty string',
    ],
    [
      'long summary',
      { summary: 'x'.repeat(201), start: { date: '2024-05-01' } },
      'eventComponents[0].summary: must be at most 200 characters',
    ],
    [
      'offset in dateTime',
      { summary: 's', start: { dateTime: '2024-05-01T09:00:00+09:00', timeZone: 'Asia/Seoul' } },
      'eventComponents[0].start.dateTime: must be YYYY-MM-DDThh:mm:ss (local time, no offset)',
    ],
    [
      'unknown zone',
      { summary: 's', start: { dateTime: '2024-05-01T09:00:00', timeZone: 'Mars/Base' } },
      'eventComponents[0].start.timeZone: must be an IANA time zone such as Asia/Seoul',
    ],
    [
      'end before start',
      { summary: 's', start: { date: '2024-05-02' }, end: { date: '2024-05-01' } },
      'eventComponents[0].end: is before start',
    ],
  ])('rejects %s with 400', async (_name, ev, description) => {
    const res = await api(emu, token, 'POST', '/users/user-a/calendar/events', { eventComponents: [ev] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'INVALID_PARAMETER', description });
  });

  it('answers 404 for an unknown user or a calendar the user does not see', async () => {
    const q = range('2024-05-01T00:00:00+09:00', '2024-05-02T00:00:00+09:00');
    expect((await api(emu, token, 'GET', `/users/nobody/calendar/events?${q}`)).status).toBe(404);
    const hidden = await api(emu, token, 'GET', `/users/user-b/calendars/cal-team/events?${q}`);
    expect(await hidden.json()).toEqual({ code: 'NOT_FOUND', description: 'calendar not found' });
  });

  it('lists calendar-personals with the default calendar first, paged', async () => {
    const p1 = await api(emu, token, 'GET', '/users/user-a/calendar-personals?count=2');
    const b1 = (await p1.json()) as {
      calendarPersonals: { calendarId: string }[];
      responseMetaData: { nextCursor?: string };
    };
    expect(b1.calendarPersonals.map((c) => c.calendarId)).toEqual(['default-user-a', 'cal-team']);
    const p2 = await api(
      emu,
      token,
      'GET',
      `/users/user-a/calendar-personals?count=2&cursor=${b1.responseMetaData.nextCursor}`,
    );
    expect(await p2.json()).toMatchObject({
      calendarPersonals: [{ calendarId: 'cal-all', displayOrder: 3 }],
      responseMetaData: {},
    });
  });

  it('needs calendar to write and calendar(.read) to read', async () => {
    const reader = await serviceToken(emu, 'calendar.read');
    const q = range('2024-05-01T00:00:00+09:00', '2024-05-02T00:00:00+09:00');
    expect((await api(emu, reader, 'GET', `/users/user-a/calendar/events?${q}`)).status).toBe(200);
    const write = await api(emu, reader, 'POST', '/users/user-a/calendar/events', {
      eventComponents: [event('x', '2024-05-01T09:00:00')],
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { code: string }).code).toBe('FORBIDDEN');
    const other = await serviceToken(emu, 'user.read');
    expect((await api(emu, other, 'GET', `/users/user-a/calendar/events?${q}`)).status).toBe(403);
  });

  it('lets a user token use `me` but not reach another member', async () => {
    const mine = await userToken('calendar');
    // Its own event, on a day no other test uses, so the test does not depend on their order.
    const made = await api(emu, mine, 'POST', '/users/me/calendar/events', {
      eventComponents: [event('Mine', '2024-07-01T09:00:00')],
    });
    expect(made.status).toBe(201);
    const q = range('2024-07-01T00:00:00+09:00', '2024-07-02T00:00:00+09:00');
    const me = await api(emu, mine, 'GET', `/users/me/calendar/events?${q}`);
    expect(((await me.json()) as Listed).events.map((e) => e.eventComponents[0]?.summary)).toEqual(['Mine']);
    expect((await api(emu, mine, 'GET', `/users/user-b/calendar/events?${q}`)).status).toBe(403);
    expect((await api(emu, token, 'GET', `/users/me/calendar/events?${q}`)).status).toBe(400);
  });
});
