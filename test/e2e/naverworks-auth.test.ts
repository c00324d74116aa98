import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDaemonConfig } from '../../src/cli/config-file.ts';
import { storeFor } from '../../src/daemon/store-for.ts';
import type { WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { alive, Project, until } from '../helpers/cli.ts';
import { BOT_APP, consent, freePort, spawnCli, startEmulator, writeWorksProject } from '../helpers/works.ts';

/**
 * The user (authorization-code) flow through the real CLI and daemon: login without and with a
 * daemon, refresh through the daemon, rotation surviving kill -9, and the 14-day warning.
 */

interface StatusOut {
  connections: Array<{
    connection: string;
    state: string;
    flow: string;
    refresh: { daysLeft: number } | null;
  }>;
  warned: string[];
}

describe('NAVER WORKS user flow, end to end', () => {
  const project = new Project();
  let emu: WorksEmulator;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    emu = await startEmulator(port);
    project.write('bot.ts', BOT_APP);
    writeWorksProject(project, emu, {
      port,
      auth: 'user',
      apps: ['  bot: { use: ./bot.ts }', '  refresher: { use: "builtin:token-refresher" }'],
    });
  });
  afterAll(async () => {
    await project.cleanup();
    await emu.close();
  });

  it('auth status says a login is needed (exit 1) before any login', async () => {
    const r = await project.run('auth', 'status', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as StatusOut;
    expect(out.connections).toEqual([
      expect.objectContaining({ connection: 'works', flow: 'user', state: 'needs-login', refresh: null }),
    ]);
    // The admin target hears about it once.
    expect(out.warned).toEqual(['works']);
    const again = JSON.parse((await project.run('auth', 'status', '--json')).stdout) as StatusOut;
    expect(again.warned).toEqual([]);
  });

  it('auth login without a daemon listens on the callback route itself', async () => {
    const login = spawnCli(project.dir, ['auth', 'login', 'works', '--json', '--timeout', '30']);
    const { url, state } = await login.firstJson;
    expect(new URL(url ?? '').searchParams.get('state')).toBe(state);
    expect(new URL(url ?? '').searchParams.get('redirect_uri')).toBe(
      `http://127.0.0.1:${port}/oauth/works/callback`,
    );
    const page = await consent(url ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connected &quot;works&quot;');
    expect((await login.exited).code).toBe(0);
    expect(emu.state.tokenCalls.authorization_code).toBe(1);

    // The state was single use: replaying the same redirect is refused.
    const replay = await fetch(page.url).catch(() => undefined);
    expect(replay).toBeUndefined(); // the temporary listener is gone with the command
  });

  it('a daemon delivers as the user; auth refresh goes through it and rotates the refresh token', async () => {
    expect((await project.run('start', '--wait')).code).toBe(0);
    const status = await project.status();
    const sent = await fetch(`${status.url}/apps/bot/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1, to: 'works/channel/room-1' }),
    });
    expect(sent.status).toBe(202);
    await until('delivered', () => emu.state.messages.length === 1);

    const before = [...emu.state.refreshTokens.keys()];
    const r = await project.run('auth', 'refresh', 'works', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as StatusOut).connections[0]).toMatchObject({
      state: 'ok',
      refresh: { daysLeft: 89 },
    });
    expect(emu.state.tokenCalls.refresh_token).toBe(1);
    // The old refresh token was used up by the rotation.
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((t) => emu.state.refreshTokens.has(t))).toBe(false);

    const alias = await project.run('refreshtoken', 'works');
    expect(alias.code).toBe(0);
    expect(emu.state.tokenCalls.refresh_token).toBe(2);
  });

  it('the rotated refresh token survives kill -9 and keeps working after a restart', async () => {
    const first = await project.status();
    process.kill(first.pid, 'SIGKILL');
    await until('daemon dead', () => !alive(first.pid));
    // Make the stored access token useless, so the restarted daemon must refresh with the stored RT.
    emu.state.expireAllTokens();
    expect((await project.run('start', '--wait')).code).toBe(0);
    const { url } = await project.status();
    await fetch(`${url}/apps/bot/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1, to: 'works/user/minjun.kim@example.com' }),
    });
    await until('delivered after restart', () => emu.state.messages.length === 2);
    expect(emu.state.tokenCalls.refresh_token).toBe(3);
    expect(emu.state.messages[1]).toMatchObject({ kind: 'user', to: 'minjun.kim@example.com' });
  });

  it('auth login with a daemon running: the gateway takes the redirect; a replayed redirect is refused', async () => {
    const login = spawnCli(project.dir, ['auth', 'login', 'works', '--json', '--timeout', '30']);
    const { url } = await login.firstJson;
    const page = await consent(url ?? '');
    expect(page.status).toBe(200);
    expect((await login.exited).code).toBe(0);
    const replay = await fetch(page.url);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');
    const forged = await fetch(`http://127.0.0.1:${port}/oauth/works/callback?code=x&state=made-up`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('unknown state');
  });

  it('auth url + auth exchange with a pasted code; a bad code fails with exit 1', async () => {
    const u = await project.run('authcodeurl', 'works');
    expect(u.code).toBe(0);
    const authorize = await fetch(u.stdout.trim(), { redirect: 'manual' });
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const ok = await project.run('auth', 'exchange', 'works', '--code', code);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('stored tokens for works');
    const bad = await project.run('auth', 'exchange', 'works', '--code', 'not-a-code');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('invalid_grant');
    expect((await project.run('auth', 'exchange', 'works')).code).toBe(2);
    expect((await project.run('auth', 'refresh', 'nope')).code).toBe(2);
  });

  it('warns 14 days before the refresh token ends, in the CLI and to the admin target', async () => {
    // Age the stored refresh token by rewriting its expiry through the store the daemon uses.
    const store = await storeFor(await loadDaemonConfig(project.path('opsbot.yaml')));
    const rec = await store.tokens.get('works', 'refresh');
    await store.tokens.put({ ...rec!, expiresAt: Date.now() + 12 * 86_400_000 + 60_000 });
    await store.close();

    const r = await project.run('auth', 'status');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('expiring');
    expect(r.stdout).toContain('12d');
    expect(r.stderr).toContain('warning: works: the refresh token expires in 12 days');
    expect(r.stderr).toContain('sent a warning to the admin target for: works');
    const out = await project.run('outbox', 'list', '--json');
    const items = (JSON.parse(out.stdout) as { items: Array<{ target: string; payload: { title: string } }> })
      .items;
    // Newest first: the expiry warning, then the earlier needs-login one.
    expect(items.filter((i) => i.target === 'admin').map((i) => i.payload.title)).toEqual([
      'works: refresh token expiring',
      'works: token needs-login',
    ]);
  });

  it('the built-in token-refresher refreshes, and alerts the admin target when the refresh token is gone', async () => {
    const before = emu.state.tokenCalls.refresh_token;
    const ok = await project.run('run', 'refresher', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ outcome: 'ok' });
    expect(emu.state.tokenCalls.refresh_token).toBe(before + 1);

    // Revoked at the provider (or lost): the next refresh fails for good.
    emu.state.refreshTokens.clear();
    const failed = await project.run('run', 'refresher', '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).error).toContain('token refresh failed for works');
    const out = await project.run('outbox', 'list', '--json');
    const titles = (
      JSON.parse(out.stdout) as { items: Array<{ target: string; payload: { title: string } }> }
    ).items
      .filter((i) => i.target === 'admin')
      .map((i) => i.payload.title);
    expect(titles).toContain('works: token refresh failed');
  });
});
