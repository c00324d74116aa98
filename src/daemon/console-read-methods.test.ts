// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the config holds a `${env:…}` reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekdayOf } from '../engine/calendars/weekends.ts';
import { LOGGING_APP, startTestDaemon, type TestDaemon, waitFor } from './console/test-daemon.ts';

/** The console's read methods against a real daemon: real store, real app process, real calendars. */

// biome-ignore lint/suspicious/noExplicitAny: loose JSON for terse assertions in a test
type Any = Record<string, any>;
const SECRET = 'plain-value-123';
const seoulDate = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

describe('console read methods', () => {
  let t: TestDaemon;
  const call = (method: string, args: unknown = {}) => t.call(method, args) as Promise<Any>;

  beforeAll(async () => {
    process.env.OPSBOT_CONSOLE_TEST_SECRET = SECRET;
    t = await startTestDaemon({ 'job.ts': LOGGING_APP }, [
      'timezone: Asia/Seoul',
      'connections:',
      '  chat: { type: sandbox }',
      'apps:',
      '  job:',
      '    use: ./job.ts',
      '    schedule: { cron: "0 9 * * *", skip: [weekends, "holidays:XKRX"] }',
      '    with: { greeting: hi, apiToken: "${env:OPSBOT_CONSOLE_TEST_SECRET}" }',
      '  tool: { use: ./job.ts }',
    ]);
    await waitFor('job running', async () =>
      (await call('status')).apps.every((a: Any) => a.state === 'running'),
    );
  }, 30_000);
  afterAll(() => t?.close());

  it('runs.list pages newest first, filters by outcome, refuses an unknown app', async () => {
    const first = (await call('app.run', { app: 'job' })).runId as number;
    const second = (await call('app.run', { app: 'job' })).runId as number;
    const page = await call('runs.list', { app: 'job', limit: 1 });
    expect(page.runs.map((r: Any) => r.id)).toEqual([second]);
    expect(page.runs[0]).toMatchObject({ app: 'job', trigger: 'manual', outcome: 'ok', error: null });
    expect(page.next).toBe(second);
    const rest = await call('runs.list', { app: 'job', limit: 5, before: page.next });
    expect(rest).toEqual({ runs: [expect.objectContaining({ id: first })], next: null });
    expect(await call('runs.list', { app: 'job', outcome: 'error' })).toEqual({ runs: [], next: null });
    await expect(call('runs.list', { app: 'nope' })).rejects.toMatchObject({ code: 'UNKNOWN_APP' });
    await expect(call('runs.list', { app: 'job', limit: 0 })).rejects.toMatchObject({ code: 'BAD_ARGS' });
  });

  it('app.logs parses pino lines, filters by level and text, newest last', async () => {
    await call('app.run', { app: 'job' });
    const warn = await waitFor('log lines', async () => {
      const { lines } = await call('app.logs', { app: 'job', level: 'warn', lines: 2 });
      // Each run logs the warning, then the error: until a run's error is written, the newest two
      // could be an earlier run's error and this run's warning.
      return lines.length === 2 && lines[1].msg === 'it broke' ? lines : undefined;
    });
    expect(warn.map((l: Any) => [l.level, l.msg])).toEqual([
      ['warn', 'careful now'],
      ['error', 'it broke'],
    ]);
    expect(typeof warn[0].time).toBe('number');
    const found = await call('app.logs', { app: 'job', search: 'RAN ONCE', lines: 1 });
    expect(found.lines).toEqual([expect.objectContaining({ level: 'info', msg: 'ran once' })]);
    expect(found.lines[0].fields.n).toBe(1);
    expect(await call('app.logs', { app: 'job', search: 'never logged' })).toEqual({ lines: [] });
    // Console output is kept as text, and the config's secrets in it are masked.
    const printed = (await call('app.logs', { app: 'job', search: 'plain output', lines: 1 })).lines[0];
    expect(printed).toMatchObject({ time: null, level: 'info', fields: {} });
    expect(printed.msg).toContain('[redacted]');
    expect(printed.msg).not.toContain(SECRET);
    await expect(call('app.logs', { app: 'job', level: 'loud' })).rejects.toMatchObject({ code: 'BAD_ARGS' });
  });

  it('app.schedule skips weekends and a closure added just now; the scheduler follows at once', async () => {
    const before = await call('app.schedule', { app: 'job', count: 10 });
    expect(before.schedule).toEqual({
      cron: '0 9 * * *',
      timezone: 'Asia/Seoul',
      skip: ['weekends', 'holidays:XKRX'],
    });
    expect(before.next).toHaveLength(10);
    for (const at of before.next) expect([0, 6]).not.toContain(weekdayOf(seoulDate(at)));
    const weekend = before.skipped.find((s: Any) => s.reason === 'weekends');
    expect([0, 6]).toContain(weekdayOf(weekend.date));
    const nextRun = () =>
      call('status').then((s) => s.apps.find((a: Any) => a.app === 'job').nextRun as number);
    await waitFor('nextRun', async () => (await nextRun()) === before.next[0]);

    const day = seoulDate(before.next[0]);
    await call('holiday.add', { exchange: 'XKRX', date: day, name: '사내 휴무', kind: 'closed' });
    const after = await call('app.schedule', { app: 'job', count: 3 });
    expect(after.next[0]).toBe(before.next[1]);
    expect(after.skipped).toContainEqual({
      at: before.next[0],
      date: day,
      reason: `holidays:XKRX — ${day} 사내 휴무`,
    });
    await waitFor('nextRun past the closure', async () => (await nextRun()) === before.next[1], 3_000);

    await call('holiday.remove', { exchange: 'XKRX', date: day });
    expect((await call('app.schedule', { app: 'job', count: 1 })).next).toEqual([before.next[0]]);
    await waitFor('nextRun back', async () => (await nextRun()) === before.next[0], 3_000);
  });

  it('app.schedule of an app without a schedule is null; an unknown app is refused', async () => {
    expect(await call('app.schedule', { app: 'tool' })).toEqual({ schedule: null, next: [], skipped: [] });
    await expect(call('app.schedule', { app: 'nope' })).rejects.toMatchObject({ code: 'UNKNOWN_APP' });
  });

  it('app.config shows the app block with secrets masked like config show', async () => {
    const { app, config } = await call('app.config', { app: 'job' });
    expect(app).toBe('job');
    // A reference is shown as written: it says where the value comes from, never the value.
    expect(config.with).toEqual({ greeting: 'hi', apiToken: '${env:OPSBOT_CONSOLE_TEST_SECRET}' });
    expect(JSON.stringify(config)).not.toContain(SECRET);
    await expect(call('app.config', { app: 'nope' })).rejects.toMatchObject({ code: 'UNKNOWN_APP' });
  });

  it('connections.test enqueues a portable message that outbox.list previews; native payloads are masked', async () => {
    const { id } = await call('connections.test', {
      connection: 'chat',
      destination: 'channel/ops',
      text: 'ping',
    });
    const native = await t.daemon.outbox.enqueue({
      app: null,
      target: 'chat/channel/ops',
      kind: 'native',
      payload: { text: 'raw', token: 'do-not-show', nested: { note: `key ${SECRET}` } },
    });
    const { items } = await call('outbox.list', { connection: 'chat', limit: 500 });
    const test = items.find((i: Any) => i.id === id);
    expect(test).toMatchObject({
      app: null,
      target: 'chat/channel/ops',
      destination: 'channel/ops',
      kind: 'portable',
    });
    expect(test.preview).toEqual({ title: 'opsbot', text: 'ping', severity: 'info' });
    const raw = items.find((i: Any) => i.id === native[0]);
    expect(raw.preview).toBeNull();
    expect(raw.native).toEqual({ text: 'raw', token: '[redacted]', nested: { note: 'key [redacted]' } });
    expect((await call('outbox.list', { app: 'nobody' })).items).toEqual([]);
    await expect(call('connections.test', { connection: 'nope' })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('connections.list shows capabilities and no auth for a connection without OAuth', async () => {
    const { connections } = await call('connections.list');
    expect(connections.find((c: Any) => c.name === 'chat')).toEqual({
      name: 'chat',
      type: 'sandbox',
      capabilities: ['send', 'receive', 'forms'],
      auth: null,
      canLogin: false,
    });
  });

  it('overview counts the outbox per connection and reports health', async () => {
    const overview = await call('overview');
    expect(overview.health).toEqual({ ok: true, apps: 2 });
    const c = overview.outbox.find((o: Any) => o.connection === 'chat');
    expect(c.pending + c.sending + c.delivered + c.dead).toBeGreaterThanOrEqual(2);
    expect(overview.dead).toBe(overview.outbox.reduce((n: number, o: Any) => n + o.dead, 0));
    expect(overview.tokens).toEqual([]);
  });

  it('inbox.list summarises events with their deliveries', async () => {
    const { store } = t.daemon;
    const payload = {
      id: 'e1',
      connection: 'chat',
      type: 'message',
      replyTo: 'chat/channel/ops',
      user: 'alice',
      text: 'hello',
      receivedAt: 5,
    };
    const { id } = await store.inbox.insert({ connection: 'chat', dedupeKey: 'e1', payload, receivedAt: 5 });
    await store.inboxDeliveries.fanOut(id, ['job'], 5);
    const { items } = await call('inbox.list', { app: 'job' });
    expect(items).toEqual([
      {
        id,
        connection: 'chat',
        receivedAt: 5,
        status: expect.any(String),
        summary: 'alice: hello',
        deliveries: [{ app: 'job', status: expect.any(String), attempts: expect.any(Number) }],
      },
    ]);
    expect((await call('inbox.list', { connection: 'other' })).items).toEqual([]);
  });

  it('holiday.month lists every day with why it is closed; exchanges.list names the exchanges', async () => {
    await call('holiday.add', { exchange: 'XLON', date: '2026-12-14', name: 'Office move', kind: 'closed' });
    const { exchange, month, days } = await call('holiday.month', { exchange: 'xlon', month: '2026-12' });
    expect([exchange, month, days.length]).toEqual(['XLON', '2026-12', 31]);
    const on = (date: string) => days.find((d: Any) => d.date === date);
    expect(on('2026-12-25')).toMatchObject({ closed: true, kind: 'holiday', source: 'rules' });
    expect(on('2026-12-25').name).toBeTruthy();
    expect(on('2026-12-26')).toEqual({
      date: '2026-12-26',
      closed: true,
      kind: 'weekend',
      name: null,
      source: null,
      open: null,
      close: null,
    });
    expect(on('2026-12-14')).toMatchObject({
      closed: true,
      kind: 'curated',
      name: 'Office move',
      source: 'manual',
    });
    expect(on('2026-12-15')).toMatchObject({ closed: false, kind: 'open', name: null });
    expect((await call('holiday.month', { exchange: 'XLON', month: '2026-02' })).days).toHaveLength(28);
    await expect(call('holiday.month', { exchange: 'NOPE', month: '2026-12' })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(call('holiday.month', { exchange: 'XLON', month: '2026-13' })).rejects.toMatchObject({
      code: 'BAD_ARGS',
    });
    const { exchanges } = await call('exchanges.list');
    expect(exchanges).toContainEqual({ code: 'XKRX', name: expect.any(String) });
  });
});
