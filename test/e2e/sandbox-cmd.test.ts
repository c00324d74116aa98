import type { ChildProcess } from 'node:child_process';
import { createSign } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Project } from '../helpers/cli.ts';
import { startSandbox as startAny } from '../helpers/sandbox-process.ts';

interface SandboxJson {
  url: string;
  chatUrl: string;
  apiUrl: string;
  authUrl: string;
  callbackUrl: string;
  tenantDir: string;
  created: boolean;
  files: { tenant: string; privateKey: string; clientSecret: string; botSecret: string };
  clientId: string;
  serviceAccount: string;
  botId: string;
  scopes: string[];
  users: Array<{ userId: string; email: string; name: string }>;
  channels: Array<{ channelId: string; title: string }>;
  connection: Record<string, unknown>;
  yaml: string;
}

const startSandbox = (project: Project) => startAny<SandboxJson>(project);

function assertion(facts: SandboxJson, privateKey: string): string {
  const enc = (v: string | Buffer) => Buffer.from(v).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = enc(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = enc(
    JSON.stringify({ iss: facts.clientId, sub: facts.serviceAccount, iat: now, exp: now + 3600 }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${enc(signer.sign(privateKey))}`;
}

describe('opsbot sandbox', () => {
  const project = new Project('opsbot-sandbox-');
  project.write('opsbot.yaml', 'dataDir: ./state\nhttp: { host: 0.0.0.0, port: 18099 }\napps: {}\n');
  const running: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await project.cleanup();
  });

  it('serves a persisted tenant, prints no secret, and stops cleanly on SIGTERM', async () => {
    const first = await startSandbox(project);
    running.push(first.child);
    const { facts } = first;
    const dir = project.path('state', 'sandbox', 'naverworks');
    expect(facts.tenantDir).toBe(dir);
    expect(facts.created).toBe(true);
    expect(facts.callbackUrl).toBe('http://127.0.0.1:18099/hooks/works');
    expect(facts.chatUrl).toBe(`${facts.url}/`);
    expect(facts.users.map((u) => u.name)).toContain('김민준');
    expect(facts.channels).toHaveLength(1);
    expect(facts.connection).toMatchObject({
      name: 'works',
      type: 'naverworks',
      apiUrl: facts.apiUrl,
      authUrl: facts.authUrl,
      clientId: facts.clientId,
      clientSecret: `\${file:${facts.files.clientSecret}}`,
      privateKey: `\${file:${path.join(dir, 'works-private.key')}}`,
      botSecret: `\${file:${facts.files.botSecret}}`,
      botId: facts.botId,
    });
    expect(facts.yaml).toContain(`privateKey: \${file:${path.join(dir, 'works-private.key')}}`);

    for (const file of Object.values(facts.files)) {
      expect(path.dirname(file)).toBe(dir);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const clientSecret = readFileSync(facts.files.clientSecret, 'utf8').trim();
    const botSecret = readFileSync(facts.files.botSecret, 'utf8').trim();
    const privateKey = readFileSync(facts.files.privateKey, 'utf8');
    const keyLine = privateKey.split('\n')[1]!;
    for (const secret of [clientSecret, botSecret, keyLine]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(first.out.stdout).not.toContain(secret);
      expect(first.out.stderr).not.toContain(secret);
    }
    expect(readFileSync(facts.files.tenant, 'utf8')).not.toContain(clientSecret);

    // The printed client gets a token with the key file, as a connector configured from the block would.
    const res = await fetch(`${facts.authUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: assertion(facts, privateKey),
        client_id: facts.clientId,
        client_secret: clientSecret,
        scope: 'bot user.read',
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { access_token?: string }).access_token).toBeTruthy();

    const page = await fetch(facts.chatUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('NAVER WORKS');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // A restart keeps the same tenant, so a config pasted from the first run still works.
    const second = await startSandbox(project);
    running.push(second.child);
    expect(second.facts.created).toBe(false);
    expect(second.facts.clientId).toBe(facts.clientId);
    expect(second.facts.botId).toBe(facts.botId);
    expect(readFileSync(facts.files.botSecret, 'utf8').trim()).toBe(botSecret);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('rejects a port that is not a number with exit 2', async () => {
    const r = await project.run('sandbox', '--port', 'abc');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port');
    expect(r.stdout).toBe('');
  });
});
