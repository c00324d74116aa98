import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configJsonSchemaText, JSON_SCHEMA_PATH } from './json-schema.ts';
import { configSchema } from './schema.ts';

type Json = Record<string, unknown>;
const at = (schema: unknown, ...keys: string[]): Json =>
  keys.reduce((node, key) => (node as Json)[key], schema) as Json;

describe('schema/opsbot.schema.json', () => {
  it('is up to date with the zod schema (regenerate with: npm run schema)', () => {
    const committed = readFileSync(
      fileURLToPath(new URL(`../../../${JSON_SCHEMA_PATH}`, import.meta.url)),
      'utf8',
    );
    expect(committed).toBe(configJsonSchemaText());
  });

  const schema = configJsonSchema();

  it('identifies itself and rejects unknown top-level keys', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe('urn:opsbot:schema:opsbot.yaml');
    expect(schema['title']).toBe('opsbot.yaml');
    expect(schema['additionalProperties']).toBe(false);
    expect(schema['required']).toBeUndefined();
  });

  it('describes apps: a map of objects that require use, with strict keys', () => {
    const app = at(schema, 'properties', 'apps', 'additionalProperties');
    expect(app['required']).toEqual(['use']);
    expect(app['additionalProperties']).toBe(false);
    expect(Object.keys(at(app, 'properties'))).toEqual([
      'use',
      'enabled',
      'schedule',
      'with',
      'stopTimeout',
      'timeouts',
      'isolation',
      'memoryLimit',
      'env',
      'singleton',
    ]);
    expect(at(schema, 'properties', 'apps', 'propertyNames')).toEqual({
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
    });
  });

  it('makes defaulted keys optional and keeps no host-specific default', () => {
    expect(at(schema, 'properties', 'http', 'properties', 'port')['default']).toBe(8080);
    expect(at(schema, 'properties', 'connections', 'additionalProperties')['required']).toEqual(['type']);
    expect(at(schema, 'properties', 'timezone')).toEqual({
      type: 'string',
      description: 'IANA timezone for schedules; defaults to the host timezone',
    });
  });

  it('agrees with the loader on the documented example shape', () => {
    // The same shape through zod, so the two schemas do not drift apart on what is valid.
    const example = {
      timezone: 'Asia/Seoul',
      connections: {
        works: { type: 'naverworks', botId: '2000001' },
        'ops-teams': { type: 'teams', url: 'x' },
      },
      targets: { 'market-desk': 'works/channel/abc-123', oncall: ['market-desk', 'ops-teams'] },
      apps: {
        'holiday-alerter': { use: 'builtin:holiday-alerter', schedule: '30 7 * * 1-5', with: { a: 1 } },
      },
    };
    expect(configSchema.safeParse(example).success).toBe(true);
    const app = at(schema, 'properties', 'apps', 'additionalProperties', 'properties');
    for (const key of Object.keys(example.apps['holiday-alerter'])) expect(app).toHaveProperty(key);
    for (const key of Object.keys(example)) expect(schema['properties']).toHaveProperty(key);
  });
});
