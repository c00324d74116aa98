/** JSON columns are text in both dialects; these keep the (de)serialisation in one place. */

/** Values with no JSON form (undefined, functions) become null, as JSON.stringify does inside objects. */
export function toJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

export function fromJson(text: string): unknown {
  return JSON.parse(text);
}
