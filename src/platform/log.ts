import { type Logger, pino } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line, whatever an app or connector passes in. */
const REDACT = [
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.botSecret',
  '*.privateKey',
  '*.masterKey',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
];

export interface LogOptions {
  name?: string;
  level?: string;
  /** File descriptor or path; defaults to stdout. */
  destination?: number | string;
}

export function createLogger(options: LogOptions = {}): Logger {
  const destination =
    typeof options.destination === 'string'
      ? pino.destination({ dest: options.destination, mkdir: true, sync: false })
      : pino.destination(options.destination ?? 1);
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.OPSBOT_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT, censor: '[redacted]' },
      base: undefined,
    },
    destination,
  );
}

/** A logger that drops everything: for tests and library calls with no log wanted. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
