/**
 * `opsbot/connectors/slack`: the types of a Slack connection's client, for
 * `ctx.connector<SlackClient>('slack')`. Types only: the client lives in the daemon and apps reach it
 * over IPC, so nothing here may pull connector code into an app.
 */
export type {
  SlackBody,
  SlackClient,
  SlackFileUpload,
  SlackOptions,
} from '../../connectors/slack/index.ts';
