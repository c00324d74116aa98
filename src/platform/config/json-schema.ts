import { z } from 'zod';
import { configSchema } from './schema.ts';

/** Where the generated file lives, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schema/opsbot.schema.json';

const DESCRIPTION =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text documents the reference syntax itself.
  'opsbot daemon configuration. Any string may contain secret references: ${env:NAME}, ${file:path}, ${vault:name}; $${ writes a literal ${.';

/**
 * JSON Schema of opsbot.yaml for editors (yaml-language-server, VS Code). Input mode: keys with
 * defaults are optional, as they are for the person writing the file.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  const properties = rest['properties'] as Record<string, Record<string, unknown>>;
  // The timezone default is the host's zone at load time; writing the generating machine's zone
  // into the committed file would make it differ from machine to machine.
  if (properties['timezone']) {
    delete properties['timezone']['default'];
    properties['timezone']['description'] = 'IANA timezone for schedules; defaults to the host timezone';
  }
  return {
    $schema,
    $id: 'urn:opsbot:schema:opsbot.yaml',
    title: 'opsbot.yaml',
    description: DESCRIPTION,
    ...rest,
  };
}

/** The file's exact content, so a test can tell when the committed copy is stale. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
