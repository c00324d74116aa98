import { z } from 'zod';

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
const PATTERN = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i;

/** `512KB`, `10MB`, `1GB` (powers of 1024) → bytes; undefined when it is none of those. */
export function parseByteSize(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (UNITS[match[2]!.toUpperCase()] ?? Number.NaN));
}

/** A size in the config: a string with a unit (`512KB`, `10MB`) or a number of bytes. Parsed to bytes. */
export function byteSizeSchema(description: string) {
  return z
    .union([
      z.number().int().min(1),
      z.string().regex(PATTERN, { message: 'expected a size such as 512KB, 10MB or 1GB' }),
    ])
    .transform((value) => (typeof value === 'number' ? value : (parseByteSize(value) ?? 0)))
    .meta({ description });
}
