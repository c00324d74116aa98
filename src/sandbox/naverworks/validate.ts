/** Small field checkers that throw with the offending JSON path, so a 400 names the field. */

export class InvalidParameter extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'InvalidParameter';
    this.field = field;
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, field: string): Obj {
  if (!isObj(v)) throw new InvalidParameter(field, 'must be an object');
  return v;
}

export function str(
  o: Obj,
  key: string,
  path: string,
  opts: { max?: number; optional?: boolean } = {},
): void {
  const v = o[key];
  const field = `${path}.${key}`;
  if (v === undefined && opts.optional) return;
  if (typeof v !== 'string' || v.length === 0)
    throw new InvalidParameter(field, 'must be a non-empty string');
  // Limits count characters as users see them (code points), not UTF-16 units.
  if (opts.max !== undefined && [...v].length > opts.max) {
    throw new InvalidParameter(field, `must be at most ${opts.max} characters`);
  }
}

export function arr(o: Obj, key: string, path: string, min: number, max: number): unknown[] {
  const v = o[key];
  const field = `${path}.${key}`;
  if (!Array.isArray(v)) throw new InvalidParameter(field, 'must be an array');
  if (v.length < min || v.length > max) throw new InvalidParameter(field, `must have ${min}..${max} items`);
  return v;
}

export function oneOf(o: Obj, key: string, path: string, values: readonly string[], optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || !values.includes(v)) {
    throw new InvalidParameter(`${path}.${key}`, `must be one of ${values.join('|')}`);
  }
}

export function httpsUrl(o: Obj, key: string, path: string, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || !/^https:\/\/\S+$/.test(v)) {
    throw new InvalidParameter(`${path}.${key}`, 'must be an https URL');
  }
}

/** Media may be referenced by URL or by an uploaded fileId; exactly one source is required. */
export function mediaSource(o: Obj, path: string, urlKey: string, fileKey = 'fileId'): void {
  if (o[fileKey] !== undefined) {
    str(o, fileKey, path);
    return;
  }
  if (o[urlKey] === undefined)
    throw new InvalidParameter(`${path}.${urlKey}`, `${urlKey} or ${fileKey} required`);
  httpsUrl(o, urlKey, path);
}
