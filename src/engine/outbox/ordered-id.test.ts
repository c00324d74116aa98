import { describe, expect, it } from 'vitest';
import { orderedIds } from './ordered-id.ts';

describe('orderedIds', () => {
  it('sorts in the order given, with distinct 8-digit prefixes, as UUIDs', () => {
    const ids = orderedIds(1000);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(1000);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Another batch starts somewhere else.
    expect(orderedIds(1)[0]!.slice(0, 8)).not.toBe(orderedIds(1)[0]!.slice(0, 8));
  });
});
