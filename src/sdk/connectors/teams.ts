/**
 * `opsbot/connectors/teams`: the types of a Microsoft Teams (Workflows webhook) connection, for
 * `ctx.send('teams', body)` with a native body (`TeamsBody`: the `{ type: "message", attachments }`
 * envelope or a bare Adaptive Card ≤ 1.4). Types only.
 */
export type { AdaptiveCard, TeamsBody, TeamsEnvelope, TeamsOptions } from '../../connectors/teams/index.ts';
