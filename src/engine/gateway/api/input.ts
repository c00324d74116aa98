import { OpsbotError } from '../../../platform/errors.ts';
import type { ApiRoute } from './route-table.ts';

const NUMBER = /^-?\d+(\.\d+)?$/;

function badRequest(code: string, message: string): OpsbotError {
  return new OpsbotError(code, message, { exitCode: 2 });
}

/**
 * A request as the route's daemon method arguments: the route's defaults, then the JSON body, then
 * the query string, then the path parameters (which a body can therefore never change). Keys the
 * method does not take are left in, so its strict schema refuses them with a 400.
 */
export function argsOf(
  route: ApiRoute,
  params: Record<string, string>,
  query: Record<string, unknown>,
  body: unknown,
): Record<string, unknown> {
  const fromPath = route.paramsForAnswer ? {} : params;
  return { ...route.defaults, ...bodyOf(route, body), ...queryOf(route, query), ...fromPath };
}

function bodyOf(route: ApiRoute, body: unknown): Record<string, unknown> {
  if (!route.body || body === undefined || body === null) return {};
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('BAD_JSON', 'the body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('BAD_JSON', 'the body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function queryOf(route: ApiRoute, query: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw badRequest('BAD_QUERY', `give "${key}" once`);
    if (typeof value !== 'string' || value === '') continue;
    // Numbers are coerced only where the route expects one; anything else reaches the schema as text.
    args[key] = route.query?.[key] === 'number' && NUMBER.test(value) ? Number(value) : value;
  }
  return args;
}
