import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** Test support: a debug-level logger whose lines are kept, to look for secrets in them. */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}
