import { type Logger, pino } from 'pino';
import type { LogFile } from './log-file.ts';
import { type Redactor, secretRedactor } from './redact.ts';

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
  /** File descriptor, path or stream; defaults to stdout. */
  destination?: number | string | { write(line: string): void };
  /** Write each line before returning (tests that read the file right after); default false. */
  sync?: boolean;
  /** A rotated log file; with `stdout: true` lines go to both (the foreground daemon). */
  file?: LogFile;
  stdout?: boolean;
  /** Scrubs every written line of secret values. Default: the process-wide secretRedactor. */
  redactor?: Redactor;
}

export function createLogger(options: LogOptions = {}): Logger {
  const destination = options.file
    ? fileDestination(options.file, options.stdout)
    : plainDestination(options);
  const redactor = options.redactor ?? secretRedactor;
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.OPSBOT_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT, censor: '[redacted]' },
      base: undefined,
      // Paths catch secrets under known keys; this catches a secret value anywhere else in a line
      // (an error message, a URL, a header an app logged).
      hooks: { streamWrite: (line: string) => redactor.redact(line) },
    },
    destination,
  );
}

function plainDestination(options: LogOptions) {
  const sync = options.sync ?? false;
  if (typeof options.destination === 'object') return options.destination;
  return typeof options.destination === 'string'
    ? pino.destination({ dest: options.destination, mkdir: true, sync })
    : pino.destination({ dest: options.destination ?? 1, minLength: 0, sync });
}

/** LogFile.write never throws or waits, so a full disk cannot stall or crash whoever logs. */
function fileDestination(file: LogFile, stdout = false) {
  return {
    write(line: string) {
      file.write(line);
      if (!stdout) return;
      // stdout may be a file on the same full disk (written synchronously, so it throws): the file copy is what counts.
      try {
        process.stdout.write(line);
      } catch {}
    },
  };
}

/** A logger that drops everything: for tests and library calls with no log wanted. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
