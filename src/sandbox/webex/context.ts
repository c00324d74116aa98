/** The one object every part of the emulator shares. */
import type { FaultBook } from './faults.ts';
import type { WebexState } from './state.ts';
import type { BotIdEncoding } from './types.ts';

export interface EmulatorContext {
  state: WebexState;
  clock: () => number;
  botToken: string;
  botIdEncoding: BotIdEncoding;
  disableAfter: number;
  deliveryTimeoutMs: number;
  faults: FaultBook;
  /** `http://host:port`, known once the server listens. */
  baseUrl: () => string;
}

export function isoNow(ctx: EmulatorContext): string {
  return new Date(ctx.clock()).toISOString();
}
