import { createReadStream, existsSync, readFileSync, statSync, unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import { OpsbotError } from '../../platform/errors.ts';
import { readAppNames, readTimezone } from '../config-locate.ts';
import { target } from '../daemon-client.ts';
import { formatLogLine } from '../log-format.ts';

interface LogsOptions {
  config?: string;
  follow?: boolean;
  lines?: string;
  json?: boolean;
}

/**
 * `logs APP [-f] [--json]`: the app's log file (stdout, stderr and ctx.log of its process). On a
 * terminal each JSON line is printed readably in the config's timezone; `--json`, or output to a
 * pipe, keeps the lines as they are for tools such as jq.
 */
export async function logsCommand(app: string, opts: LogsOptions) {
  const t = target(opts.config);
  const file = app === 'opsbot' ? t.daemonLog : path.join(t.logDir, `${app}.log`);
  if (app !== 'opsbot' && !readAppNames(t.file).includes(app)) {
    throw new OpsbotError('UNKNOWN_APP', `unknown app "${app}" (not in ${t.file})`, { exitCode: 2 });
  }
  const readable = !opts.json && process.stdout.isTTY === true;
  const zone = readTimezone(t.file);
  const print = (line: string) => process.stdout.write(`${readable ? formatLogLine(line, zone) : line}\n`);
  const lines = Number(opts.lines ?? 100);
  if (existsSync(file)) {
    for (const line of lastLines(file, lines)) print(line);
  } else if (!opts.follow) {
    process.stderr.write(`no log yet for ${app} (${file})\n`);
    return;
  }
  if (opts.follow) await follow(file, print);
}

/** The last `count` lines, reaching into rotated files (`file.1`, `file.2`, …) when the current one has fewer. */
function lastLines(file: string, count: number): string[] {
  const lines: string[] = [];
  for (let n = 0; lines.length < count; n++) {
    const name = n === 0 ? file : `${file}.${n}`;
    if (!existsSync(name)) break;
    const text = readFileSync(name, 'utf8').split('\n');
    if (text.at(-1) === '') text.pop();
    lines.unshift(...text.slice(-(count - lines.length)));
  }
  return lines;
}

/** Prints whole lines as they are appended, until SIGINT or SIGTERM; starts over when the file rotates. */
function follow(file: string, print: (line: string) => void): Promise<void> {
  let offset = existsSync(file) ? statSync(file).size : 0;
  let partial = '';
  return new Promise<void>((resolve) => {
    const onChange = () => {
      const size = existsSync(file) ? statSync(file).size : 0;
      if (size < offset) offset = 0; // truncated or rotated
      if (size === offset) return;
      const stream = createReadStream(file, { start: offset, end: size - 1, encoding: 'utf8' });
      offset = size;
      stream.on('data', (chunk) => {
        const parts = (partial + String(chunk)).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) print(line);
      });
    };
    watchFile(file, { interval: 250 }, onChange);
    const done = () => {
      unwatchFile(file, onChange);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
