/**
 * The environment an app process starts with. The daemon's own environment holds what `${env:…}`
 * references resolve from (connection secrets, the master key), so apps get only what a Node
 * program needs to run — PATH, HOME, LANG, TZ and NODE_* — plus what their config passes in `env:`.
 */

const PASSED = new Set(['PATH', 'HOME', 'LANG', 'TZ']);
// npm's registry token looks like a Node setting but is a credential.
const WITHHELD = new Set(['NODE_AUTH_TOKEN']);

export function appEnvironment(
  daemonEnv: NodeJS.ProcessEnv,
  appEnv: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(daemonEnv)) {
    if (value === undefined || WITHHELD.has(name)) continue;
    if (PASSED.has(name) || name.startsWith('NODE_')) env[name] = value;
  }
  return { ...env, ...appEnv };
}
