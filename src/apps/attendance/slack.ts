/**
 * The part of the Slack connection's client this app uses (the full types will come from
 * `opsbot/connectors/slack`): uploading the screenshot of a failed step to the person.
 */
export interface SlackLike {
  uploadFile(file: {
    /** "user/U…" (a DM), "channel/C…" */
    to: string;
    filename: string;
    data: Uint8Array;
    title?: string;
    comment?: string;
  }): Promise<unknown>;
}

/** "slack/user/U123" → "slack": the connection a target belongs to. */
export function connectionOf(target: string): string {
  return target.split('/')[0] ?? target;
}
