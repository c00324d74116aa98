/**
 * `opsbot/connectors/webex`: the types of a Webex connection's client, for
 * `ctx.connector<WebexClient>('webex')`. Types only: the client lives in the daemon and apps reach it
 * over IPC, so nothing here may pull connector code into an app.
 */
export type {
  WebexBody,
  WebexClient,
  WebexDownload,
  WebexFileUpload,
  WebexOptions,
} from '../../connectors/webex/index.ts';
