/**
 * Webex emulator, written from the public wire docs (reference §2, more-wire-facts §2) and never from
 * connector code, so a connector's protocol mistake fails a test.
 *
 * `startWebexEmulator(options?)` → `WebexEmulator`:
 * - REST at `apiUrl` = `${url}/v1`, `Authorization: Bearer <botToken>` required (401 otherwise;
 *   errors are `{ message, errors: [{ description }], trackingId }`):
 *   `GET /people/me`, `GET /people/{id}`; `POST /messages` (JSON, or multipart/form-data with one
 *   `files` part; exactly one of roomId/toPersonId/toPersonEmail; text/markdown/html ≤ 7439 bytes each;
 *   at most one Adaptive Card, `type: AdaptiveCard`, version ≤ 1.3; `files` = one public URL),
 *   `GET /messages/{id}`, `GET /messages?roomId=&max=&mentionedPeople=me` (newest first),
 *   `DELETE /messages/{id}` (own messages only), `GET /contents/{id}` (bytes + Content-Disposition),
 *   `GET|POST /attachment/actions[/{id}]`, `GET|POST /webhooks`, `GET|PUT|DELETE /webhooks/{id}`
 *   (lists are `{ items }`), `GET /rooms`, `GET /rooms/{id}`.
 * - Acting as Webex: `say` and `submitCard` deliver `messages:created` / `attachmentActions:created`
 *   to every active matching webhook (compact JSON, `X-Spark-Signature` = hex HMAC-SHA1 of the body
 *   with the webhook's secret); the bot's own messages are delivered too. Forgeries per call:
 *   `{ forge: 'wrong-secret' | 'no-signature' | 'reserialized', retry: true }`.
 * - A webhook turns `inactive` after `disableAfter` (5) consecutive failed deliveries — our rule, the
 *   real one is UNCONFIRMED; `PUT /webhooks/{id}` with `status: 'active'` re-enables it.
 * - `botIdEncoding: 'alternate'` shows the bot's personId in a second encoding in its messages and
 *   their webhooks (personEmail unchanged), to catch apps that compare ids only.
 * - State: `state`, `messagesIn`, `directWith`, `calls`, `webhooks`, `webhookCalls`, `deliveries`.
 * - Faults: `fail(route, { status: 429, retryAfter } | { status }, times)`, `slow(route, ms)`,
 *   `clearFaults()`; routes are `'POST /messages'`, `'GET /messages/{id}'`, … or `'*'`.
 * - `GET /`: the chat page (loopback only).
 */
export type { Acts, SayInput, SubmitCardInput } from './acts.ts';
export { ADAPTIVE_CARD, MAX_CARD_VERSION } from './cards.ts';
export { startWebexEmulator } from './emulator.ts';
export type { WebexEmulator } from './facade.ts';
export { MAX_MESSAGE_BYTES } from './messages.ts';
export { webexSignature } from './signing.ts';
export type { WebexState } from './state.ts';
export type * from './types.ts';
