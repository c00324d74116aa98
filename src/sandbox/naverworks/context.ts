/** What every route module receives: configuration lookups, the state and the clock. */
import type { WorksState } from './state.ts';
import type { WorksBotConfig, WorksClientConfig, WorksEmulatorOptions } from './types.ts';

export interface EmulatorContext {
  options: WorksEmulatorOptions;
  state: WorksState;
  clients: Map<string, WorksClientConfig>;
  bots: Map<string, WorksBotConfig>;
  now: () => number;
  accessTokenTtl: number;
  /** Base URL once listening; upload/download URLs are built from it. */
  baseUrl(): string;
}

export const API_PREFIX = '/v1.0';
export const AUTH_PREFIX = '/oauth2/v2.0';
