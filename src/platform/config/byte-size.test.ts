import { describe, expect, it } from 'vitest';
import { parseByteSize } from './byte-size.ts';
import { configSchema } from './schema.ts';

describe('byte sizes', () => {
  it('reads B, KB, MB and GB as powers of 1024', () => {
    expect(parseByteSize('512B')).toBe(512);
    expect(parseByteSize('4KB')).toBe(4096);
    expect(parseByteSize('10MB')).toBe(10 * 1024 * 1024);
    expect(parseByteSize('1.5gb')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('10 megs')).toBeUndefined();
  });

  it('log.maxSize takes a size or bytes, defaults to 10MB, and names a bad value', () => {
    expect(configSchema.parse({}).log).toEqual({ level: 'info', maxSize: 10 * 1024 * 1024, keep: 5 });
    expect(configSchema.parse({ log: { maxSize: '512KB', keep: 2 } }).log.maxSize).toBe(512 * 1024);
    expect(configSchema.parse({ log: { maxSize: 2048 } }).log.maxSize).toBe(2048);
    const bad = configSchema.safeParse({ log: { maxSize: 'huge' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('expected a size such as 512KB, 10MB or 1GB');
  });
});
