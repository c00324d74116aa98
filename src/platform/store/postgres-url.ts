/**
 * Splits opsbot's own `schema` query parameter off a postgres:// store URL
 * (`postgres://user@host/db?schema=ops`): every daemon and CLI command reading that config then uses
 * the same schema, which lets several opsbot installations (or tests) share one database. pg itself
 * never sees the parameter. An explicit schema (StoreOptions.schema) wins over the URL's.
 */
export function splitSchema(url: string): { url: string; schema: string | undefined } {
  if (!/[?&]schema=/.test(url)) return { url, schema: undefined };
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema: schema || undefined };
}
