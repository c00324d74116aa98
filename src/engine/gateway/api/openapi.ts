import { z } from 'zod';
import { controlApi } from '../../../contracts/daemon-api/index.ts';
import { API_ROUTES, type ApiRoute, EVENTS_PATH, OPENAPI_PATH } from './route-table.ts';

type Json = Record<string, unknown>;

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Bad arguments, query or JSON',
  '401': 'No valid login, session or token',
  '403': 'The caller’s role may not do this',
  '404': 'No such app or entry',
  '409': 'The app’s state does not allow it now',
  '500': 'Internal error (logged by the daemon)',
  '503': 'The store or daemon cannot answer now',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** `/apps/:app` → `/apps/{app}`, and the parameter names in order. */
function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: converted, params };
}

function operation(route: ApiRoute): Json {
  const { params } = openApiPath(route.path);
  const spec = route.call === 'me' ? undefined : controlApi[route.call];
  const args = spec ? jsonSchema(spec.args, 'input') : { properties: {} };
  const props = (args.properties ?? {}) as Record<string, Json>;
  const parameters = [
    ...params.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: props[name] ?? { type: 'string' },
    })),
    ...Object.entries(route.query ?? {}).map(([name, type]) => ({
      name,
      in: 'query',
      required: false,
      schema: props[name] ?? { type },
    })),
  ];
  const op: Json = {
    summary: route.summary,
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    ...(spec ? { 'x-daemon-method': route.call } : {}),
    parameters,
    responses: responses(route.result ?? spec?.result),
  };
  if (route.body)
    op.requestBody = requestBody(args, [...params, ...Object.keys(route.query ?? {})], route.defaults ?? {});
  return op;
}

/** The method's arguments without those the path and query fill; the route's defaults are optional. */
function requestBody(args: Json, taken: string[], defaults: Readonly<Record<string, unknown>>): Json {
  const properties = { ...((args.properties ?? {}) as Record<string, Json>) };
  for (const key of taken) delete properties[key];
  for (const [key, value] of Object.entries(defaults))
    if (properties[key]) properties[key] = { ...properties[key], default: value };
  const required = ((args.required ?? []) as string[]).filter(
    (key) => !taken.includes(key) && !(key in defaults),
  );
  const schema = { ...args, properties, ...(required.length ? { required } : {}) };
  if (!required.length) delete (schema as Json).required;
  return { required: required.length > 0, content: { 'application/json': { schema } } };
}

function responses(result: z.ZodType | undefined): Json {
  // As input: an object's schema then stays open to fields a later version adds.
  const ok = result ? jsonSchema(result, 'input') : {};
  const out: Json = { '200': { description: 'OK', content: { 'application/json': { schema: ok } } } };
  for (const [status, description] of Object.entries(ERROR_STATUSES)) {
    out[status] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return out;
}

function extraPaths(): Json {
  return {
    [EVENTS_PATH]: {
      get: {
        summary: 'Server-Sent Events: `event: overview` with {status, overview} now and on every change',
        operationId: 'getApiV1Events',
        responses: {
          '200': {
            description: 'An event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          '401': ERROR_RESPONSE('401'),
          '403': ERROR_RESPONSE('403'),
        },
      },
    },
    [OPENAPI_PATH]: {
      get: {
        summary: 'This document',
        operationId: 'getApiV1OpenapiJson',
        security: [],
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      },
    },
  };
}

const ERROR_RESPONSE = (status: string): Json => ({
  description: ERROR_STATUSES[status],
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** OpenAPI 3.1 for /api/v1, from the route table and the daemon API's zod schemas. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of API_ROUTES) {
    const { path } = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  Object.assign(paths, extraPaths());
  return {
    openapi: '3.1.0',
    info: {
      title: 'opsbot API',
      version: '1',
      description:
        'The daemon API over HTTP: what the console does. Bearer tokens come from `opsbot console token create`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (obt_…)' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
