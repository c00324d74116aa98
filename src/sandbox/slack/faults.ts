/** Injected failures and slowness per Web API method, so tests can drive an app's retry paths. */
import type { FaultSpec } from './types.ts';

interface Pending {
  method: string;
  fault: FaultSpec;
  times: number;
}

export interface FaultBook {
  fail(method: string, fault: FaultSpec, times?: number): void;
  slow(method: string, delayMs: number): void;
  /** Takes one use of the first fault for `method` (or `*`), if any. */
  take(method: string): FaultSpec | undefined;
  delayFor(method: string): number;
  clear(): void;
}

export function createFaultBook(): FaultBook {
  let pending: Pending[] = [];
  const delays = new Map<string, number>();
  return {
    fail(method, fault, times = 1) {
      pending.push({ method, fault, times });
    },
    slow(method, delayMs) {
      if (delayMs > 0) delays.set(method, delayMs);
      else delays.delete(method);
    },
    take(method) {
      const entry = pending.find((p) => p.method === method || p.method === '*');
      if (!entry) return undefined;
      entry.times -= 1;
      if (entry.times <= 0) pending = pending.filter((p) => p !== entry);
      return entry.fault;
    },
    delayFor(method) {
      return delays.get(method) ?? delays.get('*') ?? 0;
    },
    clear() {
      pending = [];
      delays.clear();
    },
  };
}
