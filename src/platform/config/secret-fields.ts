import { type ZodType, z } from 'zod';
import type { PathSegment } from './secrets.ts';

/**
 * Which config fields hold secrets, declared where the field is: `secretField(z.string())` in the
 * config schema or a connector's options. `config show` masks every value of such a field, also
 * when it was written in plain (no `${…}` reference) and so is not among the resolved secrets.
 */
const registry = z.registry<{ secret: true }>();

export function secretField<T extends ZodType>(schema: T): T {
  registry.add(schema, { secret: true });
  return schema;
}

/** Keys that name a credential in blocks no schema describes (`with:`, `env:`, a vault's options). */
export const SECRET_KEY =
  /pass(word|phrase)?$|secret|token|api[-_]?key|private[-_]?key|credential|authorization|signature/i;

type Def = {
  type: string;
  innerType?: ZodType;
  in?: ZodType;
  shape?: Record<string, ZodType>;
  valueType?: ZodType;
  element?: ZodType;
  catchall?: ZodType;
};

function defOf(schema: ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Peels optional, default, pipe (transform) and the like off a schema, stopping at a marked one. */
function unwrap(schema: ZodType): ZodType {
  let current = schema;
  for (let i = 0; i < 16 && !registry.has(current); i++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The paths in `value` (below `base`) whose schema field is marked secret. */
export function secretPathsIn(schema: ZodType, value: unknown, base: PathSegment[] = []): PathSegment[][] {
  const node = unwrap(schema);
  if (registry.has(node)) return value === undefined ? [] : [base];
  if (value === null || typeof value !== 'object') return [];
  const def = defOf(node);
  const child = (key: string): ZodType | undefined => {
    if (def.type === 'object') return def.shape?.[key] ?? def.catchall;
    if (def.type === 'record') return def.valueType;
    return undefined;
  };
  if (Array.isArray(value)) {
    if (def.type !== 'array' || !def.element) return [];
    const element = def.element;
    return value.flatMap((item, i) => secretPathsIn(element, item, [...base, i]));
  }
  return Object.entries(value).flatMap(([key, item]) => {
    const schemaOfKey = child(key);
    return schemaOfKey ? secretPathsIn(schemaOfKey, item, [...base, key]) : [];
  });
}
