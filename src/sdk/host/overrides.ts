/**
 * `opsbot run APP --set key=value`: the app's `with:` with some values replaced for one run. Dotted
 * keys reach into nested options (`calendar.user=김민준`); the original stays untouched because the
 * next run must see the config again.
 */
export function withOverrides(
  options: Record<string, unknown>,
  set: Record<string, unknown>,
): Record<string, unknown> {
  const result = structuredClone(options ?? {});
  for (const [dotted, value] of Object.entries(set)) {
    const keys = dotted.split('.');
    const last = keys.pop() as string;
    let node: Record<string, unknown> = result;
    for (const key of keys) {
      const next = node[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[last] = value;
  }
  return result;
}
