import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../contracts/console.ts';
import { ControlServer, controlRequest, socketActor } from './control.ts';

describe('the control socket names its caller', () => {
  let dir: string;
  let server: ControlServer;
  const seen: Actor[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsbot-control-'));
    server = new ControlServer(join(dir, 'opsbot.sock'), async (method, _args, actor) => {
      seen.push(actor);
      return { method };
    });
    await server.listen();
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('as admin via cli, with the OS user the CLI sends in the envelope', async () => {
    expect(await controlRequest(join(dir, 'opsbot.sock'), 'ping')).toEqual({ method: 'ping' });
    expect(seen).toEqual([{ name: userInfo().username, role: 'admin', via: 'cli' }]);
  });

  it('falls back to "cli" when the envelope has no usable name', () => {
    expect(socketActor(undefined)).toEqual({ name: 'cli', role: 'admin', via: 'cli' });
    expect(socketActor('')).toEqual({ name: 'cli', role: 'admin', via: 'cli' });
    expect(socketActor('two words')).toMatchObject({ name: 'cli' });
    expect(socketActor('x'.repeat(65))).toMatchObject({ name: 'cli' });
    expect(socketActor(42)).toMatchObject({ name: 'cli' });
    expect(socketActor('deploy.bot')).toEqual({ name: 'deploy.bot', role: 'admin', via: 'cli' });
  });
});
