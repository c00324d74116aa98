import { parse } from 'yaml';
import { errorMessage, usageError } from '../platform/errors.ts';

/**
 * `--set key=value` pairs, each value read as YAML (`days=30` is a number, `exchanges=[XKRX]` a
 * list, `name=설날` a string), as it would be written under `with:` in opsbot.yaml.
 */
export function parseSets(pairs: string[] | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!key) throw usageError(`--set takes key=value, got "${pair}"`);
    const text = pair.slice(eq + 1);
    try {
      result[key] = text === '' ? '' : parse(text);
    } catch (err) {
      throw usageError(`--set ${key}: the value is not valid YAML: ${errorMessage(err).split('\n')[0]}`);
    }
  }
  return result;
}
