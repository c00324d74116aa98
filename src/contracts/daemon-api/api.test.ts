import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpsbotError } from '../../platform/errors.ts';
import { createClient, createDispatcher, publicArgs } from './api.ts';
import { appApi } from './app.ts';
import { controlApi } from './control.ts';

/** Every handler echoes what it received, so the tests see the validated, defaulted arguments. */
const echo = createDispatcher(
  controlApi,
  Object.fromEntries(Object.keys(controlApi).map((m) => [m, (args: unknown) => args])),
);
const echoApp = createDispatcher(
  appApi,
  Object.fromEntries(Object.keys(appApi).map((m) => [m, (args: unknown) => args])),
);

async function refusal(work: Promise<unknown>): Promise<{ code: string; exitCode: number; message: string }> {
  try {
    await work;
  } catch (err) {
    if (!(err instanceof OpsbotError)) throw err;
    return { code: err.code, exitCode: err.exitCode, message: err.message };
  }
  throw new Error('expected a refusal');
}

describe('the daemon API dispatcher', () => {
  it('refuses bad arguments with the method, the path and the schema message (exit 2)', async () => {
    expect(await refusal(echo('outbox.retry', { ids: 'abc' }, undefined))).toEqual({
      code: 'BAD_ARGS',
      exitCode: 2,
      message: 'outbox.retry: args.ids: Invalid input: expected array, received string',
    });
    expect(await refusal(echo('outbox.retry', {}, undefined))).toEqual({
      code: 'BAD_ARGS',
      exitCode: 2,
      message: 'outbox.retry: args: give outbox ids (or unique prefixes) or dead: true',
    });
    expect((await refusal(echo('app.start', { app: 'x', force: true }, undefined))).message).toBe(
      'app.start: args: Unrecognized key: "force"',
    );
    expect((await refusal(echo('app.run', {}, undefined))).message).toBe(
      'app.run: args.app: Invalid input: expected string, received undefined',
    );
    expect(
      (
        await refusal(
          echo('holiday.add', { exchange: 'XKRX', date: '2026-5-1', kind: 'closed', name: 'x' }, undefined),
        )
      ).message,
    ).toBe('holiday.add: args.date: must be a YYYY-MM-DD date');
    expect((await refusal(echoApp('kv.get', [''], undefined))).message).toBe(
      'kv.get: args.0: a key must not be empty',
    );
    expect((await refusal(echoApp('calendar', ['constructor', []], undefined))).message).toMatch(
      /^calendar: args\.0: Invalid option: expected one of "isClosed"\|/,
    );
  });

  it('refuses an unknown method with exit 2', async () => {
    expect(await refusal(echo('outbox.explode', {}, undefined))).toEqual({
      code: 'UNKNOWN_METHOD',
      exitCode: 2,
      message: 'unknown method "outbox.explode"',
    });
    // Not even Object's own properties count as methods.
    expect((await refusal(echo('toString', {}, undefined))).code).toBe('UNKNOWN_METHOD');
  });

  it('hands the handler validated arguments with their defaults', async () => {
    expect(await echo('app.run', { app: 'job' }, undefined)).toEqual({ app: 'job', dryRun: false, set: {} });
    expect(await echo('app.do', { app: 'h', action: 'sync' }, undefined)).toEqual({
      app: 'h',
      action: 'sync',
      args: {},
    });
  });

  it('a method without a handler answers as unknown', async () => {
    const some = createDispatcher(controlApi, { ping: () => ({ pid: 1, config: 'c', url: 'u' }) });
    expect(await some('ping', {}, undefined)).toEqual({ pid: 1, config: 'c', url: 'u' });
    expect((await refusal(some('status', {}, undefined))).message).toBe('unknown method "status"');
  });

  it('keeps secret arguments out of what is logged', () => {
    expect(publicArgs(controlApi['auth.exchange'], { connection: 'works', code: 'abc' })).toEqual({
      connection: 'works',
      code: '[redacted]',
    });
    expect(publicArgs(controlApi['outbox.retry'], { ids: ['a'] })).toEqual({ ids: ['a'] });
    expect(
      publicArgs(controlApi['app.do'], {
        app: 'a',
        action: 'x',
        args: { apiToken: 't', user: 'u', db: { password: 'p' } },
      }),
    ).toEqual({
      app: 'a',
      action: 'x',
      args: { apiToken: '[redacted]', user: 'u', db: { password: '[redacted]' } },
    });
  });
});

describe('the typed client', () => {
  it('parses answers with the result schema and refuses a wrong one', async () => {
    const api = { 'x.get': { args: z.strictObject({}), result: z.object({ n: z.number() }) } };
    const good = createClient(api, async () => ({ n: 1, extra: true }));
    expect(await good('x.get', {})).toEqual({ n: 1 });
    const bad = createClient(api, async () => ({ n: 'one' }));
    expect(await refusal(bad('x.get', {}))).toEqual({
      code: 'BAD_RESULT',
      exitCode: 1,
      message: 'x.get answered unexpectedly: result.n: Invalid input: expected number, received string',
    });
  });
});
