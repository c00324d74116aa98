import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSlackSecrets, slackConnectionYaml } from './secrets.ts';

describe('sandbox Slack secrets', () => {
  it('are generated once, private, and referenced by file in the YAML block', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'slack-secrets-'));
    const first = loadOrCreateSlackSecrets(dir);
    expect(first.created).toBe(true);
    expect(first.botToken).toMatch(/^xoxb-/);
    expect(first.appToken).toMatch(/^xapp-/);
    expect(first.signingSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(statSync(first.files.botToken).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSlackSecrets(dir);
    expect(again).toMatchObject({
      created: false,
      botToken: first.botToken,
      signingSecret: first.signingSecret,
    });
    expect(readFileSync(first.files.signingSecret, 'utf8')).toBe(first.signingSecret);
    const yaml = slackConnectionYaml('slack', first.files, 'http://127.0.0.1:9091/api/');
    expect(yaml).toContain(`    botToken: \${file:${first.files.botToken}}`);
    expect(yaml).toContain('    apiUrl: http://127.0.0.1:9091/api/');
    expect(yaml).toContain(`    # appToken: \${file:${first.files.appToken}}`);
    expect(yaml).not.toContain(first.botToken);
  });
});
