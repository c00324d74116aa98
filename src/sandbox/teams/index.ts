/**
 * Microsoft Teams sink: a stand-in for a Power Automate Workflows "When a Teams webhook request is
 * received" URL (O365 connectors / incoming webhooks are retired), written from the public wire
 * facts (reference §3, more-wire-facts §3) and never from connector code.
 *
 * `startTeamsSink({ host?, port? })` → `TeamsSink`:
 * - `POST /workflows/<id>/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=<sig>`
 *   (`url` is the one for workflow `ops`; `urlFor(id)` makes others). Unknown workflow 404, bad or
 *   missing `sig` 401, over 28,000 bytes 413, not JSON 400; otherwise **202 with an empty body**,
 *   then the "Post to a channel" template runs: each valid attachment (`type: message`, Adaptive Card
 *   ≤ 1.4 with a `body` array, no Action.Submit) lands in `cards`, anything else in `failedRuns`
 *   with the reason the run history would show.
 * - Faults: `failNext(count, 429 | 500 | 502 | 503, retryAfterSeconds?)`.
 * - `GET /`: the cards and failed runs as a page (loopback only); `GET /api/cards`: the same as JSON.
 */
export { ADAPTIVE_CARD, MAX_CARD_VERSION } from './envelope.ts';
export { startTeamsSink } from './sink.ts';
export { MAX_MESSAGE_BYTES } from './trigger.ts';
export type { FailedRun, PostedCard, TeamsFaultStatus, TeamsSink, TeamsSinkOptions } from './types.ts';
