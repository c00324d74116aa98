/** Injected failures and slowness per REST route (`POST /messages`, `GET /messages/{id}`, … or `*`). */
import type { FaultSpec } from './types.ts';

interface Pending {
  route: string;
  fault: FaultSpec;
  times: number;
}

export interface FaultBook {
  fail(route: string, fault: FaultSpec, times?: number): void;
  slow(route: string, delayMs: number): void;
  /** Takes one use of the first fault for `route` (or `*`), if any. */
  take(route: string): FaultSpec | undefined;
  delayFor(route: string): number;
  clear(): void;
}

export function createFaultBook(): FaultBook {
  let pending: Pending[] = [];
  const delays = new Map<string, number>();
  return {
    fail(route, fault, times = 1) {
      pending.push({ route, fault, times });
    },
    slow(route, delayMs) {
      if (delayMs > 0) delays.set(route, delayMs);
      else delays.delete(route);
    },
    take(route) {
      const entry = pending.find((p) => p.route === route || p.route === '*');
      if (!entry) return undefined;
      entry.times -= 1;
      if (entry.times <= 0) pending = pending.filter((p) => p !== entry);
      return entry.fault;
    },
    delayFor(route) {
      return delays.get(route) ?? delays.get('*') ?? 0;
    },
    clear() {
      pending = [];
      delays.clear();
    },
  };
}
