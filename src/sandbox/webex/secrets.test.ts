import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateWebexSecrets, webexConnectionYaml } from './secrets.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'webex-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox Webex secrets', () => {
  it('creates the token once (mode 0600) and reads it back on the next start', () => {
    const first = loadOrCreateWebexSecrets(dir);
    expect(first.created).toBe(true);
    expect(first.tokenFile).toBe(path.join(dir, 'sandbox', 'webex', 'bot-token'));
    expect(statSync(first.tokenFile).mode & 0o777).toBe(0o600);
    const second = loadOrCreateWebexSecrets(dir);
    expect(second).toEqual({ ...first, created: false });
  });

  it('prints a connection block with a file reference, never the token', () => {
    const { token, tokenFile } = loadOrCreateWebexSecrets(dir);
    const yaml = webexConnectionYaml('webex', tokenFile, 'http://127.0.0.1:9092/v1');
    expect(yaml).toBe(
      [
        'connections:',
        '  webex:',
        '    type: webex',
        `    token: \${file:${tokenFile}}`,
        '    apiUrl: http://127.0.0.1:9092/v1',
        '    # The sandbox posts webhooks to whatever targetUrl the bot registers (POST /v1/webhooks).',
        '',
      ].join('\n'),
    );
    expect(yaml).not.toContain(token);
  });
});
