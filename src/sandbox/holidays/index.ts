/** Emulators of the public holiday APIs, for tests and local runs without keys or network. */
export { type AbstractDay, type AbstractEmulatorOptions, startAbstractEmulator } from './abstract.ts';
export { type DataGoKrDay, type DataGoKrEmulatorOptions, startDataGoKrEmulator } from './datagokr.ts';
export type { HolidayEmulator } from './listen.ts';
