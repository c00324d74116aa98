/**
 * The sandbox bot's token for `opsbot sandbox --webex`: generated once, kept in
 * `<dataDir>/sandbox/webex/bot-token` (mode 0600) so it survives restarts and opsbot.yaml can point
 * at it with `${file:…}` instead of the value ever being printed.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomToken } from './ids.ts';

export interface WebexSecrets {
  dir: string;
  tokenFile: string;
  token: string;
  created: boolean;
}

export function loadOrCreateWebexSecrets(dataDir: string): WebexSecrets {
  const dir = path.join(dataDir, 'sandbox', 'webex');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tokenFile = path.join(dir, 'bot-token');
  if (existsSync(tokenFile)) {
    return { dir, tokenFile, token: readFileSync(tokenFile, 'utf8').trim(), created: false };
  }
  const token = randomToken();
  writeFileSync(tokenFile, token, { mode: 0o600 });
  chmodSync(tokenFile, 0o600);
  return { dir, tokenFile, token, created: true };
}

/** The commented `connections:` block to paste into opsbot.yaml (a file reference, no token value). */
export function webexConnectionYaml(name: string, tokenFile: string, apiUrl: string): string {
  return [
    'connections:',
    `  ${name}:`,
    '    type: webex',
    `    token: \${file:${tokenFile}}`,
    `    apiUrl: ${apiUrl}`,
    '    # The sandbox posts webhooks to whatever targetUrl the bot registers (POST /v1/webhooks).',
    '',
  ].join('\n');
}
