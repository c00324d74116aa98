import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonPaths } from '../daemon/paths.ts';
import { call, trustsAnswer } from './daemon-client.ts';

describe('trustsAnswer', () => {
  it('takes an answer as it is only from a daemon of the same compiled build', () => {
    expect(trustsAnswer('b1', 'b1')).toBe(true);
    expect(trustsAnswer('b0', 'b1')).toBe(false);
    expect(trustsAnswer(undefined, 'b1')).toBe(false);
    // A CLI running from the sources checks every answer, whatever the daemon says it is.
    expect(trustsAnswer(undefined, undefined)).toBe(false);
    expect(trustsAnswer('b1', undefined)).toBe(false);
  });
});

describe('call to a daemon of another build', () => {
  let dir: string;
  let server: net.Server;
  let answer: Record<string, unknown>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opsbot-client-'));
    writeFileSync(path.join(dir, 'opsbot.yaml'), 'dataDir: ./data\n');
    const { socket } = daemonPaths(path.join(dir, 'data'));
    mkdirSync(path.dirname(socket), { recursive: true });
    // A daemon started before an upgrade: it answers in its own shape and names its own build.
    server = net.createServer((conn) =>
      conn.on('data', (line) => {
        const { id } = JSON.parse(String(line)) as { id: number };
        conn.end(`${JSON.stringify({ id, ok: true, build: 'an-older-build', ...answer })}\n`);
      }),
    );
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses the answer: a shape the contract allows comes back as the schema reads it', async () => {
    answer = { result: { pid: 42, config: '/etc/opsbot.yaml', url: 'http://127.0.0.1:1', extra: 'dropped' } };
    await expect(call(path.join(dir, 'opsbot.yaml'), 'ping', {})).resolves.toEqual({
      pid: 42,
      config: '/etc/opsbot.yaml',
      url: 'http://127.0.0.1:1',
    });
  });

  it('refuses a changed shape with the field that differs, not a wrong table', async () => {
    answer = { result: { pid: '42', config: '/etc/opsbot.yaml', url: 'http://127.0.0.1:1' } };
    await expect(call(path.join(dir, 'opsbot.yaml'), 'ping', {})).rejects.toMatchObject({
      code: 'BAD_RESULT',
      message: expect.stringMatching(/^ping answered unexpectedly: result\.pid: /),
    });
  });
});
