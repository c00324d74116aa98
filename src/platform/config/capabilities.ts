/**
 * What one configured connection can do, as its connector declares it for the options it was given
 * (a NAVER WORKS connection without botId cannot send). Config load checks targets and apps against
 * it, so a missing capability is a config error with its YAML line, not a delivery-time failure.
 * Declared here, below the connectors, because platform config checks need it and may not import them.
 */
export interface ConnectionCapabilities {
  /** Outbound messages (targets, notify, send). */
  send: boolean;
  /** Destination kinds accepted after the connection name ("channel", "user"); [] = the connection alone. */
  destinations: readonly string[];
  /** With destination kinds, the connection alone is a destination too (email: its default list). */
  bare?: boolean;
  /** Portable forms: rendered by the platform itself ('native'), or as a button to the signed page ('link'). */
  forms: 'native' | 'link' | false;
  /** Files attached to messages or moved through the client. */
  files: boolean;
  /** How events come in: POST /hooks/<connection>, a socket the daemon keeps open, or polling. */
  receive: 'webhook' | 'socket' | 'poll' | false;
  /** OAuth tokens that `opsbot auth` and /oauth/<connection>/callback manage. */
  auth: boolean;
  /** Reads its accounts from the config's vault (an `ncp` connection with customersFromVault): needs `secrets.vault`. */
  vault?: boolean;
}

/** A connection that can do nothing: spread it and set what a connector can do. */
export const NO_CAPABILITIES: ConnectionCapabilities = {
  send: false,
  destinations: [],
  forms: false,
  files: false,
  receive: false,
  auth: false,
};

/** What an app or target may need of a connection. */
export type CapabilityNeed = 'send' | 'forms' | 'files' | 'receive' | 'auth';

/** Why `caps` cannot serve `need`, or null when it can. */
export function missingCapability(caps: ConnectionCapabilities, need: CapabilityNeed): string | null {
  const have = caps[need];
  if (have !== false) return null;
  const what: Record<CapabilityNeed, string> = {
    send: 'cannot send messages',
    forms: 'cannot show forms',
    files: 'cannot move files',
    receive: 'receives no events',
    auth: 'has no OAuth tokens',
  };
  return what[need];
}
