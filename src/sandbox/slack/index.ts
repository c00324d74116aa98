/**
 * Slack emulator, written from the public wire docs (reference §1, more-wire-facts §0–§1) and never
 * from connector code, so a connector's protocol mistake fails a test.
 *
 * `startSlackEmulator(options?)` → `SlackEmulator`:
 * - Web API at `apiUrl` (`POST /api/<method>`, form or JSON, Bearer or `token`): auth.test,
 *   chat.postMessage/postEphemeral/update, conversations.open, views.open/update/push,
 *   files.getUploadURLExternal/completeUploadExternal (+ the upload URL), apps.connections.open.
 * - `response_url`s at `/response/<id>` (5 uses, 30 minutes).
 * - Acting as Slack: `slashCommand`, `globalShortcut`, `messageShortcut`, `blockAction`,
 *   `submitView`, `viewClosed`, `event`, `urlVerification` — signed HTTP to `requestUrl`, or
 *   Socket Mode envelopes when `transport = 'socket'` (or `{ transport }` per call).
 * - State to assert on: `state`, `messagesIn`, `dmWith`, `calls`, `view`, `openView`.
 * - Faults: `fail`, `slow`, `clearFaults`; Socket Mode: `disconnect`, `socketConnections`.
 * - `GET /`: the workspace page (loopback only).
 */
export type {
  Acts,
  BlockActionInput,
  EventInput,
  SlashCommandInput,
  SubmitViewInput,
  ViewResult,
} from './acts.ts';
export { startSlackEmulator } from './emulator.ts';
export type { SlackEmulator } from './facade.ts';
export type { DeliverOptions, Transport } from './outbound.ts';
export type { Forgery, RetryMark } from './signing.ts';
export { slackSignature } from './signing.ts';
export type { DisconnectReason } from './socket.ts';
export type { SlackState } from './state.ts';
export type { Entered, EnteredValues } from './state-values.ts';
export type * from './types.ts';
export type { ViewOutcome } from './view-acks.ts';
