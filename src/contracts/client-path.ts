/**
 * Resolves a dotted method path ('calendar.listEvents') on a connector client object. Own
 * properties only, so an app cannot reach prototypes ('constructor', '__proto__') through it.
 */
export function clientMethod(client: unknown, path: string): ((...a: unknown[]) => unknown) | undefined {
  let target: unknown = client;
  let owner: unknown;
  for (const key of path.split('.')) {
    if (target === null || typeof target !== 'object' || !Object.hasOwn(target, key)) return undefined;
    owner = target;
    target = (target as Record<string, unknown>)[key];
  }
  return typeof target === 'function' ? (target as (...a: unknown[]) => unknown).bind(owner) : undefined;
}
