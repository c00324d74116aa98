import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
});
