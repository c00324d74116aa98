import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorksEmulator } from './emulator.ts';
import { loadOrCreateTenant, tenantEmulatorOptions } from './tenant.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'works-tenant-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sandbox tenant', () => {
  it('is generated once, kept in 0600 files, and read back unchanged', () => {
    const dataDir = tempDir();
    const first = loadOrCreateTenant(dataDir);
    expect(first.created).toBe(true);
    expect(first.files.dir).toBe(path.join(dataDir, 'sandbox', 'naverworks'));
    expect(first.facts.users.map((u) => u.email)).toContain('minjun.kim@example.com');
    expect(first.facts.channels[0]?.members).toHaveLength(first.facts.users.length);
    for (const file of [
      first.files.tenant,
      first.files.privateKey,
      first.files.clientSecret,
      first.files.botSecret,
    ]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const json = readFileSync(first.files.tenant, 'utf8');
    expect(json).not.toContain(first.clientSecret);
    expect(json).not.toContain(first.botSecret);

    const again = loadOrCreateTenant(dataDir);
    expect(again.created).toBe(false);
    expect(again.facts).toEqual(first.facts);
    expect([again.clientSecret, again.botSecret, again.publicKeyPem]).toEqual([
      first.clientSecret,
      first.botSecret,
      first.publicKeyPem,
    ]);
  });

  it('says which file is broken instead of overwriting it', () => {
    const dataDir = tempDir();
    const { files } = loadOrCreateTenant(dataDir);
    writeFileSync(files.tenant, '{ not json');
    expect(() => loadOrCreateTenant(dataDir)).toThrow(/tenant\.json is not valid JSON/);
  });

  it('names the file and the entry when a hand-edited user or channel is incomplete', () => {
    const dataDir = tempDir();
    const { files, facts } = loadOrCreateTenant(dataDir);
    const { email: _dropped, ...noEmail } = facts.users[1]!;
    writeFileSync(files.tenant, JSON.stringify({ ...facts, users: [facts.users[0], noEmail] }));
    expect(() => loadOrCreateTenant(dataDir)).toThrow(/tenant\.json: users\[1\] lacks email/);
    const channel = { ...facts.channels[0]!, members: 'everyone' };
    writeFileSync(files.tenant, JSON.stringify({ ...facts, channels: [channel] }));
    expect(() => loadOrCreateTenant(dataDir)).toThrow(/tenant\.json: channels\[0\] needs members/);
    writeFileSync(files.tenant, JSON.stringify({ ...facts, users: ['u1'] }));
    expect(() => loadOrCreateTenant(dataDir)).toThrow(/users\[0\] is not an object/);
  });

  it('tightens a loosened folder on every start', () => {
    const dataDir = tempDir();
    const { files } = loadOrCreateTenant(dataDir);
    expect(statSync(files.dir).mode & 0o777).toBe(0o700);
    chmodSync(files.dir, 0o755);
    loadOrCreateTenant(dataDir);
    expect(statSync(files.dir).mode & 0o777).toBe(0o700);
  });

  it('serves the tenant with the bot callback URL on the chat page', async () => {
    const tenant = loadOrCreateTenant(tempDir());
    const emu = await startWorksEmulator(
      tenantEmulatorOptions(tenant, {
        host: '127.0.0.1',
        port: 0,
        callbackUrl: 'http://127.0.0.1:1/hooks/works',
      }),
    );
    try {
      const state = (await (await fetch(`${emu.url}/_chat/api/state`)).json()) as {
        bots: unknown[];
        users: unknown[];
      };
      expect(state.bots).toEqual([
        { botId: tenant.facts.botId, callbackUrl: 'http://127.0.0.1:1/hooks/works' },
      ]);
      expect(state.users).toHaveLength(5);
    } finally {
      await emu.close();
    }
  });

  it('advertises a dialable URL when bound to a wildcard or an IPv6 address', async () => {
    const tenant = loadOrCreateTenant(tempDir());
    const hosts: Array<[bind: string, advertised: string]> = [['0.0.0.0', '127.0.0.1']];
    if (await canBind('::1')) hosts.push(['::1', '[::1]']);
    for (const [host, advertised] of hosts) {
      const emu = await startWorksEmulator(
        tenantEmulatorOptions(tenant, { host, port: 0, callbackUrl: 'http://127.0.0.1:1/hooks/works' }),
      );
      try {
        expect(new URL(emu.apiUrl).hostname).toBe(advertised);
        expect(emu.apiUrl).toBe(`${emu.url}/v1.0`);
        // Unauthenticated, but answered by the emulator: the URL reaches it.
        const res = await fetch(`${emu.apiUrl}/users`);
        expect(res.status).toBe(401);
        const state = await fetch(`${emu.url}/_chat/api/state`);
        expect(state.status).toBe(200);
      } finally {
        await emu.close();
      }
    }
  });
});

/** Whether this machine has the address at all (IPv6 loopback is missing in some containers). */
function canBind(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, host, () => server.close(() => resolve(true)));
  });
}
