import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree } from './port-check.ts';

describe('assertPortFree', () => {
  it('refuses a port another process listens on, and lets a free one through', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const { port } = taken.address() as AddressInfo;
    await expect(assertPortFree('127.0.0.1', port)).rejects.toThrow(
      `port ${port} on 127.0.0.1 is in use (http.port)`,
    );
    await new Promise((r) => taken.close(r));
    await expect(assertPortFree('127.0.0.1', port)).resolves.toBeUndefined();
  });
});
