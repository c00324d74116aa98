import { describe, expect, it } from 'vitest';
import { OpsbotError } from '../../../platform/errors.ts';
import { apiErrorOf } from './http-errors.ts';
import { argsOf } from './input.ts';
import { API_ROUTES, type ApiRoute } from './route-table.ts';

const route = (method: string, path: string): ApiRoute => {
  const found = API_ROUTES.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
};

describe('argsOf', () => {
  it('coerces the numbers a route expects, keeps other text, and lets path parameters win', () => {
    const runs = route('GET', '/api/v1/apps/:app/runs');
    expect(
      argsOf(runs, { app: 'job' }, { limit: '5', before: '-2', outcome: '12', app: 'other' }, undefined),
    ).toEqual({
      app: 'job',
      limit: 5,
      before: -2,
      outcome: '12',
    });
    expect(argsOf(runs, { app: 'job' }, { limit: 'lots', outcome: '' }, undefined)).toEqual({
      app: 'job',
      limit: 'lots',
    });
  });

  it('parses a JSON object body under the defaults; the path cannot be overridden by the body', () => {
    const add = route('POST', '/api/v1/calendars/:exchange/closures');
    const body = Buffer.from('{"date":"2026-12-14","name":"x","exchange":"XNYS"}');
    expect(argsOf(add, { exchange: 'XKRX' }, {}, body)).toEqual({
      kind: 'closed',
      date: '2026-12-14',
      name: 'x',
      exchange: 'XKRX',
    });
    expect(argsOf(add, { exchange: 'XKRX' }, {}, Buffer.from(' '))).toEqual({
      kind: 'closed',
      exchange: 'XKRX',
    });
  });

  it('refuses malformed JSON, non-object bodies and repeated query keys with exit-2 errors', () => {
    const retry = route('POST', '/api/v1/outbox/retry');
    expect(() => argsOf(retry, {}, {}, Buffer.from('{'))).toThrow('the body is not valid JSON');
    expect(() => argsOf(retry, {}, {}, Buffer.from('"dead"'))).toThrow('the body must be a JSON object');
    const outbox = route('GET', '/api/v1/outbox');
    expect(() => argsOf(outbox, {}, { limit: ['1', '2'] }, undefined)).toThrow('give "limit" once');
  });
});

describe('apiErrorOf', () => {
  const statusOf = (err: unknown) => apiErrorOf(err).status;

  it('maps the daemon’s errors to HTTP statuses', () => {
    expect(statusOf(new OpsbotError('BAD_ARGS', 'x', { exitCode: 2 }))).toBe(400);
    expect(statusOf(new OpsbotError('USAGE', 'x', { exitCode: 2 }))).toBe(400);
    expect(statusOf(new OpsbotError('FORBIDDEN', 'x'))).toBe(403);
    expect(statusOf(new OpsbotError('UNKNOWN_APP', 'x', { exitCode: 2 }))).toBe(404);
    expect(statusOf(new OpsbotError('APP_NOT_RUNNING', 'x'))).toBe(409);
    expect(statusOf(new OpsbotError('STORE_OPEN', 'x'))).toBe(503);
    expect(apiErrorOf(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_FULL' }))).toEqual({
      status: 503,
      code: 'STORE_UNAVAILABLE',
      message: 'the store is unavailable; try again shortly',
    });
  });

  it('hides the text of anything the daemon did not mean for the caller', () => {
    expect(apiErrorOf(new Error('connect to 10.0.0.5 as admin:hunter2 failed'))).toEqual({
      status: 500,
      code: 'INTERNAL',
      message: 'internal error',
    });
    expect(apiErrorOf(new OpsbotError('AUTH', 'token endpoint said no'))).toEqual({
      status: 502,
      code: 'AUTH',
      message: 'the token request failed; the daemon log says why',
    });
    expect(apiErrorOf(new OpsbotError('ACTION', 'job export: no rows'))).toEqual({
      status: 502,
      code: 'ACTION',
      message: 'job export: no rows',
    });
  });
});
