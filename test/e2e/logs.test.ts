import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, until } from '../helpers/cli.ts';
import { CLI_MAIN } from '../helpers/runtime.ts';

const MAIN = CLI_MAIN;

/** Runs the CLI on a pseudo-terminal (util-linux `script`), the way a person at a shell sees it. */
function onTty(cwd: string, args: string[]): Promise<string> {
  const command = [process.execPath, '--disable-warning=ExperimentalWarning', MAIN, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd }, (err, stdout) =>
      err ? reject(err) : resolve(stdout.replaceAll('\r\n', '\n')),
    );
  });
}

describe('opsbot logs', () => {
  const project = new Project('opsbot-logs-');
  let daemon: ChildProcess;
  let stdout = '';
  beforeAll(() => {
    project.write('opsbot.yaml', 'timezone: Asia/Seoul\ndataDir: ./data\nhttp: { port: 0 }\n');
    // As under systemd or in a terminal: `start --foreground` with no parent `opsbot start`.
    daemon = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', MAIN, 'start', '--foreground'],
      {
        cwd: project.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    daemon.stdout?.on('data', (d) => {
      stdout += d;
    });
  });
  afterAll(async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) {
      const exited = new Promise((r) => daemon.once('exit', r));
      daemon.kill('SIGTERM');
      await exited;
    }
    await project.cleanup();
  });

  it('the foreground daemon logs to stdout and to its file; logs prints it readably on a terminal', async () => {
    await until('the daemon to be running', () => stdout.includes('"msg":"opsbot is running"'));
    // The file is written asynchronously (rotating-file-stream), so it may trail stdout by a moment.
    const logFile = project.path('data', 'logs', 'opsbot.log');
    const running = await until('the line in the log file', () =>
      (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { msg: string; name: string; time: number })
        .find((l) => l.msg === 'opsbot is running'),
    );
    expect(running.name).toBe('opsbot');

    const readable = await onTty(project.dir, ['logs', 'opsbot']);
    const line = readable.split('\n').find((l) => l.includes('opsbot is running'));
    // Asia/Seoul is UTC+9 all year: the time shown is the logged instant in the config's zone.
    const seoul = new Date(running.time + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(line).toMatch(
      new RegExp(`^${seoul}\\+09:00 INFO  opsbot opsbot is running url=http://127\\.0\\.0\\.1:\\d+ apps=0$`),
    );

    const json = await onTty(project.dir, ['logs', 'opsbot', '--json']);
    const lines = json.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(lines.some((l) => JSON.parse(l).msg === 'opsbot is running')).toBe(true);
  });
});

describe('log rotation', () => {
  const project = new Project('opsbot-logrotate-');
  afterAll(() => project.cleanup());

  it("rotates an app's log at log.maxSize and keeps log.keep old files", async () => {
    project.write(
      'chatty.ts',
      `import { defineApp } from 'opsbot';
export default defineApp({
  async start(ctx) {
    for (let i = 0; i < 120; i++) ctx.log.info({ i }, 'line ${'x'.repeat(80)}');
  },
});
`,
    );
    project.write(
      'opsbot.yaml',
      'dataDir: ./data\nhttp: { port: 0 }\nlog: { maxSize: 4KB, keep: 2 }\napps:\n  chatty: { use: ./chatty.ts }\n',
    );
    expect((await project.run('start', '--wait')).code).toBe(0);
    const logs = project.path('data', 'logs');
    const files = ['chatty.log.2', 'chatty.log.1', 'chatty.log'];
    // Oldest to newest; the file rotated right after a line may leave chatty.log empty for a moment.
    const all = () =>
      files.map((f) => {
        try {
          return readFileSync(path.join(logs, f), 'utf8');
        } catch {
          return '';
        }
      });
    const texts = await until('the last line', () => all().join('').includes('"i":119') && all());
    expect(
      readdirSync(logs)
        .filter((f) => f.startsWith('chatty.'))
        .sort(),
    ).toEqual(['chatty.log', 'chatty.log.1', 'chatty.log.2']);
    for (const file of files) expect(statSync(path.join(logs, file)).size).toBeLessThan(4096 + 200);
    // Whole lines only, in order across the files: the oldest ones are gone, the newest is last.
    const lines = texts
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; msg: string });
    expect(lines.every((l) => l.msg.startsWith('line '))).toBe(true);
    expect(lines.map((l) => l.i)).toEqual(lines.map((_, k) => 120 - lines.length + k));

    // `opsbot logs` reaches into the rotated files for the lines asked for.
    const shown = await project.run('logs', 'chatty', '-n', String(lines.length));
    expect(
      shown.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).i),
    ).toEqual(lines.map((l) => l.i));
  });
});
