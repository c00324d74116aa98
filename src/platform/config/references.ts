/*
 * `${env:X}` inside a flow mapping (`{ url: ${env:X} }`, as in the documented example) is not valid
 * YAML: `{` and `}` are flow indicators. The braces of references are swapped for two Unicode
 * noncharacters (reserved for exactly this kind of internal use) of the same length, so offsets and
 * line numbers stay exact, and swapped back in every parsed string.
 */
const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';

export function protectReferences(text: string): string {
  return text.replace(/\$\{([a-z][a-z0-9-]*:[^}\n]*)\}/g, (_, inner: string) => `$${OPEN}${inner}${CLOSE}`);
}

export function restoreText(text: string): string {
  return text.replaceAll(OPEN, '{').replaceAll(CLOSE, '}');
}

export function restoreReferences(value: unknown): unknown {
  if (typeof value === 'string') return restoreText(value);
  if (Array.isArray(value)) return value.map(restoreReferences);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [restoreText(k), restoreReferences(v)]));
  }
  return value;
}
