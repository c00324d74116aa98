/** The one object every part of the emulator shares. */
import type { FaultBook } from './faults.ts';
import type { SlackState } from './state.ts';

export interface EmulatorContext {
  state: SlackState;
  clock: () => number;
  botToken: string;
  appToken: string;
  signingSecret: string;
  requestUrl: string | undefined;
  ackTimeoutMs: number;
  faults: FaultBook;
  /** `http://host:port`, known once the server listens. */
  baseUrl: () => string;
}
