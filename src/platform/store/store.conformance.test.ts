import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open.ts';
import { type Backend, postgresBackend, sqliteBackend, testMasterKey } from './testing/backends.ts';
import { clusterCases } from './testing/cluster-cases.ts';
import { connectorStateCases } from './testing/connector-state-cases.ts';
import { consoleCases } from './testing/console-cases.ts';
import { consoleListCases } from './testing/console-list-cases.ts';
import { formCases } from './testing/form-cases.ts';
import { holidayCases } from './testing/holiday-cases.ts';
import { inboxDeliveryCases } from './testing/inbox-delivery-cases.ts';
import { type Env, outboxCases } from './testing/outbox-cases.ts';
import { stateWriteCases } from './testing/state-write-cases.ts';
import type { Store } from './types.ts';

/**
 * The same contract, checked against both dialects. Postgres must be reachable (OPSBOT_TEST_PG or
 * the local default): when it is not, these tests fail rather than skip, so a green run means both.
 */
describe.each([
  ['sqlite', sqliteBackend],
  ['postgres', postgresBackend],
] as const)('store conformance: %s', (kind, makeBackend) => {
  let backend: Backend;
  let store: Store;
  const env: Env = {
    get backend() {
      return backend;
    },
    get store() {
      return store;
    },
  };

  let setupError: unknown;

  // A failing beforeAll makes vitest report the tests as skipped; rethrowing per test makes every
  // one of them fail with the real cause (e.g. Postgres unreachable).
  beforeAll(async () => {
    try {
      backend = await makeBackend();
      store = await backend.open();
    } catch (err) {
      setupError = err;
    }
  });
  afterAll(async () => {
    await backend?.dispose();
  });
  beforeEach(async () => {
    if (setupError) throw setupError;
    await backend.reset();
  });

  it('reports its kind, and opening again migrates nothing twice', async () => {
    expect(store.kind).toBe(kind);
    await store.kv.set('app', 'survives', 1);
    const again = await backend.open();
    expect(await again.kv.get('app', 'survives')).toBe(1);
    const migrations = await backend.raw('select name from kysely_migration');
    expect(migrations.map((row) => row.name)).toEqual([
      '001_initial',
      '002_holidays',
      '003_connector_state',
      '004_inbox_deliveries',
      '005_forms',
      '006_cluster',
      '007_console',
      '008_outbox_claim',
    ]);
  });

  describe('runs', () => {
    it('start → get → finish', async () => {
      const id = await store.runs.start({
        app: 'standup',
        trigger: 'schedule',
        scheduledAt: 900,
        startedAt: 1_000,
      });
      expect(typeof id).toBe('number');
      expect(await store.runs.get(id)).toEqual({
        id,
        app: 'standup',
        trigger: 'schedule',
        scheduledAt: 900,
        startedAt: 1_000,
        endedAt: null,
        outcome: 'running',
        error: null,
        node: null,
      });
      await store.runs.finish(id, { endedAt: 1_500, outcome: 'error', error: 'boom' });
      expect(await store.runs.get(id)).toMatchObject({ endedAt: 1_500, outcome: 'error', error: 'boom' });
      expect(await store.runs.get(id + 1000)).toBeUndefined();
    });

    it('record, last (by startedAt then id), list most recent first', async () => {
      const manual = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: 2_000 });
      expect((await store.runs.get(manual))?.scheduledAt).toBeNull();
      const skipped = await store.runs.record({
        app: 'a',
        trigger: 'schedule',
        scheduledAt: 1_000,
        startedAt: 1_000,
        endedAt: 1_000,
        outcome: 'skipped',
        error: 'overlap',
      });
      const tie = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: 2_000 });
      await store.runs.start({ app: 'b', trigger: 'manual', startedAt: 9_000 });
      expect((await store.runs.last('a'))?.id).toBe(tie);
      expect((await store.runs.list('a')).map((run) => run.id)).toEqual([tie, manual, skipped]);
      expect((await store.runs.list('a', 2)).map((run) => run.id)).toEqual([tie, manual]);
      expect(await store.runs.get(skipped)).toMatchObject({
        outcome: 'skipped',
        error: 'overlap',
        endedAt: 1_000,
      });
      expect(await store.runs.last('nobody')).toBeUndefined();
    });

    it('lastScheduled looks at schedule/missed runs only', async () => {
      expect(await store.runs.lastScheduled('a')).toBeUndefined();
      await store.runs.start({ app: 'a', trigger: 'manual', startedAt: 99_000 });
      expect(await store.runs.lastScheduled('a')).toBeUndefined();
      await store.runs.start({ app: 'a', trigger: 'schedule', scheduledAt: 3_000, startedAt: 3_001 });
      await store.runs.start({ app: 'a', trigger: 'missed', scheduledAt: 5_000, startedAt: 10_000 });
      await store.runs.start({ app: 'b', trigger: 'schedule', scheduledAt: 8_000, startedAt: 8_000 });
      expect(await store.runs.lastScheduled('a')).toBe(5_000);
    });

    it('markInterrupted ends leftover running rows; countByOutcome groups per app', async () => {
      const r1 = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: 1 });
      await store.runs.start({ app: 'b', trigger: 'manual', startedAt: 2 });
      const done = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: 3 });
      await store.runs.finish(done, { endedAt: 4, outcome: 'ok' });
      expect(await store.runs.markInterrupted(50)).toBe(2);
      expect(await store.runs.get(r1)).toMatchObject({ outcome: 'interrupted', endedAt: 50 });
      expect(await store.runs.markInterrupted(60)).toBe(0);
      expect(await store.runs.countByOutcome()).toEqual([
        { app: 'a', outcome: 'interrupted', count: 1 },
        { app: 'a', outcome: 'ok', count: 1 },
        { app: 'b', outcome: 'interrupted', count: 1 },
      ]);
    });

    it('prune deletes finished runs older than a time, keeping each app latest and latest scheduled run', async () => {
      const old1 = await store.runs.start({ app: 'a', trigger: 'schedule', scheduledAt: 10, startedAt: 10 });
      const old2 = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: 20 });
      const stuck = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: 25 });
      const newer = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: 2_000 });
      const onlyB = await store.runs.start({ app: 'b', trigger: 'manual', startedAt: 30 });
      for (const id of [old1, old2, newer, onlyB])
        await store.runs.finish(id, { endedAt: 40, outcome: 'ok' });
      // old1 is a's latest scheduled run, stuck still runs, onlyB is b's latest: only old2 goes.
      expect(await store.runs.prune(1_000)).toBe(1);
      expect(await store.runs.get(old2)).toBeUndefined();
      expect((await store.runs.list('a')).map((r) => r.id)).toEqual([newer, stuck, old1]);
      expect(await store.runs.lastScheduled('a')).toBe(10);
      expect((await store.runs.last('b'))?.id).toBe(onlyB);
    });
  });

  describe('kv', () => {
    it('round-trips JSON values and overwrites', async () => {
      const value = { n: 1.5, s: 'ü', list: [1, null, { deep: true }], empty: {} };
      await store.kv.set('app', 'k', value);
      expect(await store.kv.get('app', 'k')).toEqual(value);
      for (const v of [0, '', false, null, ['x']]) {
        await store.kv.set('app', 'k', v);
        expect(await store.kv.get('app', 'k')).toEqual(v);
      }
      expect(await store.kv.get('app', 'missing')).toBeUndefined();
      expect(await store.kv.get('other-app', 'k')).toBeUndefined();
      await expect(store.kv.set('app', 'k', undefined)).rejects.toMatchObject({ code: 'KV_VALUE' });
    });

    it('lists by literal, case-sensitive prefix, sorted by key', async () => {
      for (const key of ['user:2', 'user:1', 'User:3', 'users', 'u%er:4', 'u_er:5', 'team:1']) {
        await store.kv.set('app', key, key.length);
      }
      await store.kv.set('other', 'user:9', 0);
      expect((await store.kv.list('app', 'user:')).map((e) => e.key)).toEqual(['user:1', 'user:2']);
      expect(await store.kv.list('app', 'u%')).toEqual([{ key: 'u%er:4', value: 6 }]);
      expect((await store.kv.list('app', 'u_')).map((e) => e.key)).toEqual(['u_er:5']);
      expect(await store.kv.list('app')).toHaveLength(7);
      expect(await store.kv.list('app', 'nope')).toEqual([]);
    });

    it('delete says whether something was there', async () => {
      await store.kv.set('app', 'k', 1);
      expect(await store.kv.delete('app', 'k')).toBe(true);
      expect(await store.kv.delete('app', 'k')).toBe(false);
      expect(await store.kv.get('app', 'k')).toBeUndefined();
    });
  });

  outboxCases(env);
  stateWriteCases(env);

  holidayCases(env);
  formCases(env);
  connectorStateCases(env);

  inboxDeliveryCases(env);
  clusterCases(env);
  consoleCases(env);
  consoleListCases(env);

  describe('inbox', () => {
    it('dedupes by (connection, dedupeKey) without throwing', async () => {
      const first = await store.inbox.insert({
        connection: 'gh',
        dedupeKey: 'd-1',
        payload: { a: 1 },
        receivedAt: 10,
      });
      expect(first.inserted).toBe(true);
      const dup = await store.inbox.insert({
        connection: 'gh',
        dedupeKey: 'd-1',
        payload: { a: 2 },
        receivedAt: 11,
      });
      expect(dup).toEqual({ inserted: false, id: first.id });
      const elsewhere = await store.inbox.insert({
        connection: 'jira',
        dedupeKey: 'd-1',
        payload: 3,
        receivedAt: 12,
      });
      expect(elsewhere.inserted).toBe(true);
      expect(elsewhere.id).not.toBe(first.id);
      expect(await store.inbox.get(first.id)).toEqual({
        id: first.id,
        connection: 'gh',
        dedupeKey: 'd-1',
        payload: { a: 1 },
        receivedAt: 10,
        status: 'new',
      });
    });

    it('dedupes events that arrive together (one group commit on SQLite) and stores them once', async () => {
      const event = (dedupeKey: string, n: number) => ({
        connection: 'gh',
        dedupeKey,
        payload: n,
        receivedAt: n,
      });
      const results = await Promise.all(
        [event('x', 1), event('y', 2), event('x', 3), event('x', 4)].map((e) => store.inbox.insert(e)),
      );
      // Which of the concurrent 'x' inserts wins is up to the database (Postgres runs them on separate
      // connections); exactly one must, and every 'x' answer must name its row.
      const xs = [results[0], results[2], results[3]];
      expect(xs.filter((r) => r?.inserted)).toHaveLength(1);
      expect(results[1]?.inserted).toBe(true);
      expect(new Set(xs.map((r) => r?.id)).size).toBe(1);
      const winner = [1, 3, 4][xs.findIndex((r) => r?.inserted)];
      const rows = await backend.raw(`select dedupe_key, payload from inbox order by dedupe_key`);
      expect(rows).toEqual([
        { dedupe_key: 'x', payload: String(winner) },
        { dedupe_key: 'y', payload: '2' },
      ]);
    });

    it('listNew oldest first, markDone, prune done events only', async () => {
      const a = await store.inbox.insert({ connection: 'c', dedupeKey: 'a', payload: null, receivedAt: 100 });
      const b = await store.inbox.insert({ connection: 'c', dedupeKey: 'b', payload: null, receivedAt: 200 });
      const c = await store.inbox.insert({ connection: 'c', dedupeKey: 'c', payload: null, receivedAt: 300 });
      expect((await store.inbox.listNew(10)).map((e) => e.id)).toEqual([a.id, b.id, c.id]);
      expect((await store.inbox.listNew(1)).map((e) => e.id)).toEqual([a.id]);
      await store.inbox.markDone(a.id);
      await store.inbox.markDone(c.id);
      expect((await store.inbox.get(a.id))?.status).toBe('done');
      expect((await store.inbox.listNew(10)).map((e) => e.id)).toEqual([b.id]);
      expect(await store.inbox.prune(250)).toBe(1);
      expect(await store.inbox.get(a.id)).toBeUndefined();
      expect(await store.inbox.get(b.id)).toBeDefined();
      expect(await store.inbox.get(c.id)).toBeDefined();
    });
  });

  describe('tokens', () => {
    const token = {
      connection: 'slack',
      kind: 'bot',
      value: 'xoxb-super-secret-value',
      expiresAt: 99_000,
      meta: { team: 'T1', scopes: ['chat:write'] },
    };

    it('round-trips, overwrites, lists and deletes', async () => {
      await store.tokens.put({ ...token, updatedAt: 5 });
      expect(await store.tokens.get('slack', 'bot')).toEqual({ ...token, updatedAt: 5 });
      const before = Date.now();
      await store.tokens.put({ ...token, value: 'rotated', expiresAt: null, meta: {} });
      const rotated = await store.tokens.get('slack', 'bot');
      expect(rotated).toMatchObject({ value: 'rotated', expiresAt: null, meta: {} });
      expect(rotated!.updatedAt).toBeGreaterThanOrEqual(before);
      await store.tokens.put({ ...token, kind: 'user', updatedAt: 1 });
      await store.tokens.put({ ...token, connection: 'teams', updatedAt: 1 });
      expect((await store.tokens.list()).map((t) => `${t.connection}/${t.kind}`)).toEqual([
        'slack/bot',
        'slack/user',
        'teams/bot',
      ]);
      expect((await store.tokens.list('slack')).map((t) => t.kind)).toEqual(['bot', 'user']);
      expect(await store.tokens.delete('slack', 'user')).toBe(true);
      expect(await store.tokens.delete('slack', 'user')).toBe(false);
      expect(await store.tokens.get('slack', 'user')).toBeUndefined();
    });

    it('keeps the value encrypted at rest', async () => {
      await store.tokens.put(token);
      const rows = await backend.raw("select * from tokens where connection = 'slack'");
      expect(rows).toHaveLength(1);
      const row = JSON.stringify(rows[0]);
      expect(row).not.toContain(token.value);
      expect(row).not.toContain(Buffer.from(token.value).toString('base64'));
      expect(String(rows[0]!.ciphertext)).toMatch(/^v1:/);
    });

    it('a wrong master key fails loudly with TOKEN_DECRYPT', async () => {
      await store.tokens.put(token);
      const wrong = await backend.open(randomBytes(32));
      await expect(wrong.tokens.get('slack', 'bot')).rejects.toMatchObject({
        name: 'OpsbotError',
        code: 'TOKEN_DECRYPT',
      });
      await expect(wrong.tokens.list()).rejects.toMatchObject({ code: 'TOKEN_DECRYPT' });
    });
  });

  describe('sandbox', () => {
    const message = (destination: string, createdAt: number, connection = 'sandbox') => ({
      destination,
      connection,
      direction: 'out' as const,
      author: 'standup',
      payload: { text: `at ${createdAt}` },
      createdAt,
    });

    it('adds and lists oldest first, with afterId polling and filters', async () => {
      const first = await store.sandbox.add(message('channel/general', 1));
      expect(first).toEqual({ id: first.id, ...message('channel/general', 1) });
      const second = await store.sandbox.add(message('user/alice', 2));
      const third = await store.sandbox.add(message('channel/general', 3, 'sandbox2'));
      const listed = (filter?: Parameters<Store['sandbox']['list']>[0]) =>
        store.sandbox.list(filter).then((messages) => messages.map((m) => m.id));
      expect(await listed()).toEqual([first.id, second.id, third.id]);
      expect(await listed({ afterId: first.id })).toEqual([second.id, third.id]);
      expect(await listed({ destination: 'channel/general' })).toEqual([first.id, third.id]);
      expect(await listed({ connection: 'sandbox', destination: 'channel/general' })).toEqual([first.id]);
      expect(await listed({ limit: 2 })).toEqual([first.id, second.id]);
    });

    it('stores inbound messages too, and returns each with its payload as stored', async () => {
      const inbound = {
        ...message('channel/general', 5),
        direction: 'in' as const,
        payload: { text: 'hi', gone: undefined },
      };
      const added = await store.sandbox.add(inbound);
      expect(added).toEqual({ ...inbound, id: added.id, payload: { text: 'hi' } });
      expect(await store.sandbox.list()).toEqual([added]);
    });

    it('summarises destinations with counts', async () => {
      await store.sandbox.add(message('channel/general', 1));
      await store.sandbox.add(message('channel/general', 2));
      await store.sandbox.add(message('user/alice', 3));
      await store.sandbox.add(message('channel/ops', 4, 'other'));
      expect(await store.sandbox.destinations()).toEqual([
        { connection: 'other', destination: 'channel/ops', count: 1 },
        { connection: 'sandbox', destination: 'channel/general', count: 2 },
        { connection: 'sandbox', destination: 'user/alice', count: 1 },
      ]);
      expect(await store.sandbox.destinations('other')).toEqual([
        { connection: 'other', destination: 'channel/ops', count: 1 },
      ]);
    });
  });
});

describe('openStore', () => {
  it('memory: true gives a private in-memory SQLite store', async () => {
    const a = await openStore({
      url: 'sqlite',
      dataDir: '/nonexistent',
      masterKey: testMasterKey,
      memory: true,
    });
    const b = await openStore({
      url: 'sqlite',
      dataDir: '/nonexistent',
      masterKey: testMasterKey,
      memory: true,
    });
    await a.kv.set('app', 'k', 'only in a');
    expect(await a.kv.get('app', 'k')).toBe('only in a');
    expect(await b.kv.get('app', 'k')).toBeUndefined();
    await a.close();
    await a.close();
    await b.close();
  });

  it('rejects unknown URLs, bad schema names and short keys', async () => {
    const base = { dataDir: '/nonexistent', masterKey: testMasterKey };
    await expect(openStore({ ...base, url: 'mysql://x' })).rejects.toMatchObject({ code: 'STORE_URL' });
    await expect(openStore({ ...base, url: 'postgres://x', schema: 'a; drop' })).rejects.toMatchObject({
      code: 'STORE_URL',
    });
    await expect(openStore({ ...base, url: 'sqlite', masterKey: Buffer.alloc(16) })).rejects.toMatchObject({
      code: 'MASTER_KEY',
    });
  });
});
