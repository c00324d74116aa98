import { expect } from 'vitest';

/** Polls `check` every 50 ms until it holds, then asserts it (a failure names the last state). */
export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs && !check(); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(check()).toBe(true);
}
