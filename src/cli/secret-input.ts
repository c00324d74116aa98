import { usageError } from '../platform/errors.ts';

/** Everything piped on stdin, without the one line end `echo` or a here-string adds. */
export async function readStdinSecret(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal with echo off; Ctrl-C or Ctrl-D gives up (exit 2). */
export function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(usageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    // Echo off before the prompt shows: whatever is typed after it must never appear.
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * A new password: from stdin with --password-stdin (scripts), else asked twice on the terminal.
 * Neither → a usage error, never a password in the command line (it would sit in shell history).
 */
export async function newPassword(fromStdin: boolean | undefined): Promise<string> {
  const password = fromStdin ? await readStdinSecret() : await askTwice();
  if (password.length < 10) throw usageError('a console password needs at least 10 characters');
  if (password.length > 1024) throw usageError('a console password has at most 1024 characters');
  return password;
}

async function askTwice(): Promise<string> {
  if (!process.stdin.isTTY) {
    throw usageError(
      'no terminal to ask for the password on: pipe it in with --password-stdin (e.g. printf %s "$PW" | opsbot console user add …)',
    );
  }
  const first = await askHidden('Password (at least 10 characters): ');
  const again = await askHidden('Password again: ');
  if (first !== again) throw usageError('the two passwords differ');
  return first;
}
