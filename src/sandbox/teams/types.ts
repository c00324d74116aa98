/** The Teams Workflows sink's options and the handle tests and `opsbot sandbox` hold. */

export interface TeamsSinkOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
}

/** One card the "Post to a channel" flow would have posted (one per valid attachment). */
export interface PostedCard {
  workflow: string;
  /** Epoch ms when the request arrived. */
  at: number;
  /** The attachment's `content`: the Adaptive Card. */
  card: Record<string, unknown>;
  /** The whole request body it came in. */
  envelope: unknown;
}

/** A run that answered 202 but failed inside the flow, with what its run history would say. */
export interface FailedRun {
  workflow: string;
  at: number;
  reason: string;
  body: unknown;
}

export type TeamsFaultStatus = 429 | 500 | 502 | 503;

export interface TeamsSink {
  /** A complete, valid trigger URL (with `sig`) for the workflow `ops`. */
  url: string;
  /** The trigger URL of `workflow`, created on first use with its own signature. */
  urlFor(workflow: string): string;
  /** The page listing posted cards and failed runs (`GET /`; JSON at `/api/cards`). */
  pageUrl: string;
  cards: PostedCard[];
  failedRuns: FailedRun[];
  /** Trigger requests received, whatever their outcome. */
  readonly requests: number;
  /** The next `count` signed trigger requests answer `status` (with Retry-After when given). */
  failNext(count: number, status: TeamsFaultStatus, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}
