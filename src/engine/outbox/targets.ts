import type { Connector } from '../../connectors/types.ts';
import { OpsbotError } from '../../platform/errors.ts';

export interface ResolvedTarget {
  connection: string;
  /** "<kind>/<id>", or "" for a connection that is a single destination. */
  destination: string;
}

function targetError(message: string): OpsbotError {
  return new OpsbotError('TARGET', message);
}

/**
 * Turns what an app passed to notify/send into concrete destinations:
 * - a named target from opsbot.yaml `targets:` (a string or a list; entries may name other targets),
 * - a raw `<connection>/<kind>/<id>`, or a bare `<connection>` for single-destination connectors.
 * The result keeps first-seen order and holds each destination once, so overlapping fan-out lists
 * never deliver the same message twice to one place.
 */
export function resolveTarget(
  target: string,
  targets: Record<string, string | string[]>,
  connectors: ReadonlyMap<string, Connector>,
): ResolvedTarget[] {
  const out: ResolvedTarget[] = [];
  const seen = new Set<string>();

  const visit = (entry: string, path: string[]): void => {
    const name = entry.trim();
    if (name === '') throw targetError(`empty target${via(path)}`);
    // Names cannot contain '/', so anything with one is raw; a bare word is a named target first,
    // then a connection (a target may therefore shadow a connection of the same name).
    if (!name.includes('/') && Object.hasOwn(targets, name)) {
      if (path.includes(name)) {
        throw targetError(`target cycle: ${[...path, name].join(' → ')}`);
      }
      const value = targets[name];
      const entries = Array.isArray(value) ? value : [value ?? ''];
      if (entries.length === 0) throw targetError(`target '${name}' is an empty list`);
      for (const next of entries) visit(next, [...path, name]);
      return;
    }
    const resolved = parseRaw(name, path, connectors);
    const key = `${resolved.connection}\u0000${resolved.destination}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(resolved);
  };

  visit(target, []);
  return out;
}

function via(path: string[]): string {
  return path.length === 0 ? '' : ` (via ${path.join(' → ')})`;
}

function parseRaw(raw: string, path: string[], connectors: ReadonlyMap<string, Connector>): ResolvedTarget {
  const slash = raw.indexOf('/');
  const connection = slash === -1 ? raw : raw.slice(0, slash);
  const destination = slash === -1 ? '' : raw.slice(slash + 1);
  const connector = connectors.get(connection);
  if (!connector) {
    const what = slash === -1 ? 'target or connection' : 'connection';
    throw targetError(`unknown ${what} '${connection}' in target '${raw}'${via(path)}`);
  }
  if (typeof connector.send !== 'function') {
    throw targetError(`connection '${connection}' (${connector.type}) cannot send messages${via(path)}`);
  }
  const kinds = connector.capabilities.destinations;
  if (destination === '') {
    if (kinds.length === 0 || connector.capabilities.bare) return { connection, destination: '' };
    throw targetError(
      `target '${raw}' needs a destination: ${connection}/<${kinds.join('|')}>/<id>${via(path)}`,
    );
  }
  if (kinds.length === 0) {
    throw targetError(
      `connection '${connection}' (${connector.type}) is a single destination; use '${connection}' alone, not '${raw}'${via(path)}`,
    );
  }
  const kindEnd = destination.indexOf('/');
  const kind = kindEnd === -1 ? destination : destination.slice(0, kindEnd);
  const id = kindEnd === -1 ? '' : destination.slice(kindEnd + 1);
  if (!kinds.includes(kind)) {
    throw targetError(
      `connection '${connection}' (${connector.type}) has no destination kind '${kind}' in '${raw}'; expected one of: ${kinds.join(', ')}${via(path)}`,
    );
  }
  if (id.trim() === '') throw targetError(`target '${raw}' has no id after '${kind}/'${via(path)}`);
  return { connection, destination };
}
