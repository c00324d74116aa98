import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, Project, runProcess } from '../helpers/cli.ts';

/** bin/opsbot in the project, with `input` on stdin (or stdin closed, never a terminal). */
function opsbot(p: Project, args: string[], input?: string) {
  return runProcess(BIN, args, { cwd: p.dir, input: input ?? '' });
}

// Each case starts bin/opsbot several times (about a second each on an idle machine, far more when
// both cores are busy): a longer limit than the default 30 s.
describe('opsbot console user|token|audit (bin/opsbot, no daemon)', { timeout: 120_000 }, () => {
  let p: Project;
  beforeAll(() => {
    p = new Project('opsbot-console-cli-');
    p.write('opsbot.yaml', 'dataDir: ./data\n');
  });
  afterAll(() => p.cleanup());

  it('adds users from --password-stdin, lists them, refuses bad roles, short passwords and a missing terminal', async () => {
    const add = await opsbot(
      p,
      ['console', 'user', 'add', 'alice', '--role', 'admin', '--password-stdin'],
      'alice-password\n',
    );
    expect([add.code, add.stderr]).toEqual([0, 'added console user alice (admin)\n']);
    const [badRole, noTty, short] = await Promise.all([
      opsbot(p, ['console', 'user', 'add', 'bob', '--role', 'king', '--password-stdin'], 'bob-password'),
      opsbot(p, ['console', 'user', 'add', 'bob', '--role', 'viewer']),
      opsbot(p, ['console', 'user', 'add', 'bob', '--role', 'viewer', '--password-stdin'], 'short'),
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain(
      "argument 'king' is invalid. Allowed choices are viewer, operator, admin.",
    );
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain(
      'no terminal to ask for the password on: pipe it in with --password-stdin',
    );
    expect([short.code, short.stderr]).toEqual([
      2,
      'opsbot: a console password needs at least 10 characters\n',
    ]);
    // Demoting the last admin is refused, so it changes nothing the list would show.
    const [list, last] = await Promise.all([
      opsbot(p, ['console', 'user', 'list', '--json']),
      opsbot(p, ['console', 'user', 'role', 'alice', 'viewer']),
    ]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      { name: 'alice', role: 'admin', createdAt: expect.any(Number), lastLoginAt: null, hasPassword: true },
    ]);

    expect([last.code, last.stderr]).toEqual([
      2,
      'opsbot: "alice" is the last admin: make another user admin first\n',
    ]);
  });

  it('creates a token shown once, lists it without its secret, revokes it once; everything is audited', async () => {
    const created = await opsbot(p, ['console', 'token', 'create', 'alice', '--label', 'ci']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^obt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const id = token.slice(4, 16);
    expect(created.stderr).toContain(
      `API token ${id} for alice: shown only this once, only its hash is kept.`,
    );
    const listed = await opsbot(p, ['console', 'token', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      { id, user: 'alice', label: 'ci', createdAt: expect.any(Number), lastUsedAt: null, revokedAt: null },
    ]);
    expect(listed.stdout).not.toContain(token.slice(17));
    expect((await opsbot(p, ['console', 'token', 'revoke', id])).code).toBe(0);
    const again = await opsbot(p, ['console', 'token', 'revoke', id]);
    expect([again.code, again.stderr]).toEqual([2, `opsbot: no active API token "${id}"\n`]);

    const audit = await opsbot(p, ['console', 'audit', '--json', '--limit', '500']);
    const entries = JSON.parse(audit.stdout) as Array<Record<string, unknown>>;
    const me = userInfo().username;
    expect(
      entries
        .filter((e) => e.action !== 'users.list' && e.action !== 'tokens.list')
        .map((e) => [e.actor, e.via, e.action, e.target, e.outcome]),
    ).toEqual([
      [me, 'cli', 'tokens.revoke', id, 'error'],
      [me, 'cli', 'tokens.revoke', id, 'ok'],
      [me, 'cli', 'tokens.create', 'alice', 'ok'],
      [me, 'cli', 'users.update', 'alice', 'error'],
      [me, 'cli', 'users.add', 'alice', 'ok'],
    ]);
    expect(audit.stdout).not.toContain('alice-password');
    expect(audit.stdout).not.toContain(token.slice(17));
  });

  // A real terminal (util-linux `script` gives the command a pty): asked twice, never echoed.
  it('asks for the password twice on a terminal with echo off', async () => {
    const child = spawn('script', ['-qec', `${BIN} console user add tina --role viewer`, '/dev/null'], {
      cwd: p.dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let answered = 0;
    child.stdout.on('data', (d) => {
      out += d;
      const prompts = (out.match(/Password (\(at least 10 characters\)|again): /g) ?? []).length;
      for (; answered < prompts; answered++) child.stdin.write('tina-password-9\r');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out.replace(/\r/g, '')).toBe(
      'Password (at least 10 characters): \nPassword again: \nadded console user tina (viewer)\n',
    );
  });
});
