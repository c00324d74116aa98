// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${env:…}` references.
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cli, Project, until } from '../helpers/cli.ts';

/**
 * What another local user or process could reach of a running daemon: an app's environment, the
 * store's files, and a dataDir that cannot be made. One daemon serves every case.
 */

const SECRET = 'exposure-sandbox-secret-4c1f9e';
const env = { OPSBOT_TEST_SANDBOX_SECRET: SECRET, NODE_TEST_MARKER: 'kept', UNRELATED_VAR: 'dropped' };

const APP = `import { defineApp } from 'opsbot';
export default defineApp({ async start() {} });
`;

describe('exposure, end to end', () => {
  const project = new Project('opsbot-exposure-');
  let started: CliResult;
  const run = (...args: string[]) => cli(project.dir, args, env);

  beforeAll(async () => {
    project.write('idle.ts', APP);
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        'http: { port: 0 }',
        'connections:',
        '  sandbox:',
        '    type: sandbox',
        '    secret: ${env:OPSBOT_TEST_SANDBOX_SECRET}',
        'apps:',
        '  idle:',
        '    use: ./idle.ts',
        '    env: { HTTPS_PROXY: "http://proxy.internal:3128" }',
        '',
      ].join('\n'),
    );
    // An existing dataDir anyone may read, as `mkdir data` leaves it.
    mkdirSync(project.path('data'));
    chmodSync(project.path('data'), 0o755);
    started = await run('start', '--wait');
    expect([started.code, started.stderr]).toEqual([0, expect.stringContaining('opsbot is running')]);
  });
  afterAll(() => project.cleanup());

  it('an app process gets PATH, HOME, LANG, TZ, NODE_* and its env:, never the daemon secrets', async () => {
    const status = await project.status();
    const pid = status.apps.find((a) => a.app === 'idle')?.pid;
    expect(pid).toBeGreaterThan(0);
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    expect(environ).not.toContain(SECRET);
    const names = environ
      .split('\0')
      .filter(Boolean)
      .map((entry) => entry.slice(0, entry.indexOf('=')));
    const allowed = /^(PATH|HOME|LANG|TZ|NODE_.*|HTTPS_PROXY|OPSBOT_APP|OPSBOT_DATA_DIR)$/;
    expect(names.filter((name) => !allowed.test(name))).toEqual([]);
    expect(environ).toContain('\0HTTPS_PROXY=http://proxy.internal:3128\0');
    expect(environ).toContain('NODE_TEST_MARKER=kept');
  });

  it('warns that dataDir is readable by others, and keeps the store, WAL, SHM and logs 0600', () => {
    const dataDir = project.path('data');
    expect(started.stderr).toContain(
      `opsbot: warning: dataDir ${dataDir} is readable by other users (mode 0755); run: chmod 700 ${dataDir}`,
    );
    const mode = (file: string) => [file, statSync(project.path('data', file)).mode & 0o777];
    for (const file of ['opsbot.db', 'opsbot.db-wal', 'opsbot.db-shm', 'logs/opsbot.log', 'logs/idle.log']) {
      expect(mode(file)).toEqual([file, 0o600]);
    }
    expect(mode('logs')).toEqual(['logs', 0o700]);
  });

  it('the sandbox API refuses calls without the token opsbot start printed (the connection has a secret)', async () => {
    const link = /sandbox chat: (\S+)/.exec(started.stderr)?.[1] ?? '';
    const { origin, searchParams } = new URL(link);
    const token = searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(20);
    const send = (headers: Record<string, string>) =>
      fetch(`${origin}/sandbox/api/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ destination: 'general', text: 'hello' }),
      });
    expect((await send({})).status).toBe(401);
    expect((await fetch(`${origin}/sandbox/api/messages`)).status).toBe(401);
    expect((await send({ 'x-opsbot-sandbox-token': token })).status).toBe(200);
    // The person's message shows up once stored, just after the answer.
    const shown = await until('the message on the sandbox API', async () => {
      const read = await fetch(`${origin}/sandbox/api/messages`, {
        headers: { 'x-opsbot-sandbox-token': token },
      });
      expect(read.status).toBe(200);
      const { messages } = (await read.json()) as { messages: unknown[] };
      return messages.length > 0 && messages;
    });
    expect(shown).toEqual([
      expect.objectContaining({ direction: 'in', payload: expect.objectContaining({ text: 'hello' }) }),
    ]);
  });

  it('dataDir: /proc/x is a clear error, not a spin', async () => {
    const other = new Project('opsbot-procdir-');
    try {
      other.write('opsbot.yaml', 'dataDir: /proc/x\nhttp: { port: 0 }\n');
      const r = await cli(other.dir, ['start', '--wait']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'cannot create dataDir /proc/x: /proc/x cannot be created (/proc does not accept new folders)',
      );
    } finally {
      await other.cleanup();
    }
  });
});
