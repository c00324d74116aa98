/** What the mail sink kept of one accepted mail: the envelope, the parsed mail and the session. */
export interface ReceivedMail {
  /** The envelope (MAIL FROM / RCPT TO), as the server saw it: what was really delivered. */
  envelope: { from: string; to: string[] };
  /** Header addresses, parsed. */
  from: string;
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string;
  text: string | undefined;
  html: string | undefined;
  attachments: ReceivedAttachment[];
  /** The session was TLS (implicit, or upgraded with STARTTLS) when the mail was sent. */
  secure: boolean;
  /** The user the session logged in as, and how (PLAIN, LOGIN); undefined without AUTH. */
  user: string | undefined;
  authMethod: string | undefined;
  receivedAt: string;
}

export interface ReceivedAttachment {
  filename: string | undefined;
  contentType: string;
  bytes: Buffer;
}

/** How the sink speaks TLS: STARTTLS offered on a plain port, TLS from the first byte, or none. */
export type SinkTls = 'starttls' | 'implicit' | 'none';

export interface MailSinkOptions {
  host?: string;
  port?: number;
  /** Accounts AUTH PLAIN/LOGIN is checked against; with none, AUTH is not offered. */
  users?: Record<string, string>;
  /** Default 'starttls'. */
  tls?: SinkTls;
  /** A reply code to refuse a recipient with (550 → "mailbox unavailable"), or null to accept. */
  refuse?: (recipient: string) => number | null;
  /** Largest mail accepted, in bytes (SIZE; larger ones get 552). Default 25 MB. */
  size?: number;
  /** Port of the HTTP mailbox page (default: any free one). It answers loopback clients only. */
  pagePort?: number;
}

export interface MailSink {
  host: string;
  port: number;
  /** `smtp://host:port` (or `smtps://` for implicit TLS). */
  url: string;
  tls: SinkTls;
  /** PEM of the self-signed certificate to trust (`tls.ca`); undefined without TLS. */
  ca: string | undefined;
  /** The HTML mailbox page. */
  pageUrl: string;
  /** Accepted mails, oldest first. */
  readonly messages: ReceivedMail[];
  /** Resolves once `count` mails are in (all of them), or rejects after `timeoutMs` (default 10 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Replaces the recipient refusal (null accepts everyone). */
  refuse(rule: ((recipient: string) => number | null) | null): void;
  faults: {
    /** The next `count` connections are closed at once, before any greeting. */
    dropConnections(count: number): void;
    /** The next `count` connections get a 421 greeting ("try again later") and are closed. */
    busy(count: number): void;
    /** The next `count` mails are answered 451 after their data ("local error, try again"). */
    deferMessages(count: number): void;
  };
  clear(): void;
  close(): Promise<void>;
}
