import { createReadStream, existsSync, readFileSync, statSync, unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import { OpsbotError } from '../../platform/errors.ts';
import { readAppNames } from '../config-file.ts';
import { target } from '../daemon-client.ts';

/** `logs APP [-f]`: the app's log file (stdout, stderr and ctx.log of its process). */
export async function logsCommand(app: string, opts: { config?: string; follow?: boolean; lines?: string }) {
  const t = target(opts.config);
  const file = app === 'opsbot' ? t.daemonLog : path.join(t.logDir, `${app}.log`);
  if (app !== 'opsbot' && !readAppNames(t.file).includes(app)) {
    throw new OpsbotError('UNKNOWN_APP', `unknown app "${app}" (not in ${t.file})`, { exitCode: 2 });
  }
  const lines = Number(opts.lines ?? 100);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const tail = text
      .split('\n')
      .slice(-(lines + 1))
      .join('\n');
    process.stdout.write(tail);
  } else if (!opts.follow) {
    process.stderr.write(`no log yet for ${app} (${file})\n`);
    return;
  }
  if (!opts.follow) return;
  let offset = existsSync(file) ? statSync(file).size : 0;
  await new Promise<void>((resolve) => {
    const onChange = () => {
      const size = existsSync(file) ? statSync(file).size : 0;
      if (size < offset) offset = 0; // truncated or rotated
      if (size === offset) return;
      createReadStream(file, { start: offset, end: size - 1 }).pipe(process.stdout, { end: false });
      offset = size;
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
