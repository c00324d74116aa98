/** NAVER WORKS API 2.0 emulator: public surface for tests and `opsbot sandbox`. */
export type { CallbackEvent, CallbackOptions } from './callbacks.ts';
export { signBody, spacedJson } from './callbacks.ts';
export type { CallbackOutcome, ChatController } from './chat.ts';
export type { WorksEmulator } from './emulator.ts';
export { startWorksEmulator } from './emulator.ts';
export type { WorksState } from './state.ts';
export type * from './types.ts';
