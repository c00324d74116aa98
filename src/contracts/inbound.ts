/** An inbound event after verification, before routing to apps. */
export interface InboundEvent {
  /** Dedupe key: the same event delivered twice carries the same id. */
  id: string;
  connection: string;
  /** 'message' for chat text; others are connector-specific (postback, join, …). */
  type: string;
  /** Where a reply goes, as a full target: "<connection>/<kind>/<id>". */
  replyTo: string;
  user: string;
  text?: string;
  /** Postback data (from a button, carousel or quick reply). */
  data?: string;
  /** Users who joined or left, for membership events. */
  members?: string[];
  /** Files attached to the message, as the connection's client downloads them (Webex content URLs). */
  files?: string[];
  receivedAt: number;
  raw?: unknown;
  /**
   * A native form's submit (a Slack view, a Webex card): the answers as the platform sent them.
   * The gateway runs them through the form service and keeps only the non-secret values, with
   * the outcome, and never the raw body (see engine/forms).
   */
  form?: {
    formId: string;
    values: Record<string, unknown>;
    outcome?: 'accepted' | 'invalid' | 'used' | 'expired' | 'not-found';
    errors?: Record<string, string>;
    /**
     * How long the platform waits for the answer (Slack: 3 s for a modal's field errors). The app's
     * validate gets at most this; past it the answers are taken after the built-in checks.
     */
    answerWithinMs?: number;
  };
}
