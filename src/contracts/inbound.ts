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
  receivedAt: number;
  raw?: unknown;
}
