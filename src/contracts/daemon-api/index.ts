/**
 * The typed daemon API (docs/architecture.md "The daemon API"): one schema map per channel, one
 * dispatcher on the server, one client shape for every caller.
 *
 * - `controlApi`: CLI and console → daemon, NDJSON over dataDir/opsbot.sock.
 * - `appApi`: an app's process → daemon, Node IPC.
 *
 * To add a method: one entry (args + result schema) in the map, one handler in the daemon's handler
 * map (src/daemon/control-handler.ts or src/daemon/host-services.ts); the type checker asks for it.
 */
export * from './api.ts';
export * from './app.ts';
export * from './console.ts';
export * from './control.ts';
export * from './roles.ts';
