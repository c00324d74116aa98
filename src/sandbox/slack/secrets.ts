/**
 * The sandbox workspace's secrets for `opsbot sandbox --slack`: generated once, kept in
 * `<dataDir>/sandbox/slack/` (mode 0600) so tokens survive restarts and opsbot.yaml can point at
 * them with `${file:…}` instead of the values ever being printed.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomHex } from './ids.ts';

export interface SlackSecretFiles {
  dir: string;
  botToken: string;
  appToken: string;
  signingSecret: string;
}

export interface SlackSecrets {
  files: SlackSecretFiles;
  botToken: string;
  appToken: string;
  signingSecret: string;
  created: boolean;
}

const GENERATORS = {
  botToken: () => `xoxb-${randomHex(5)}-${randomHex(6)}-${randomHex(12)}`,
  appToken: () => `xapp-1-A01OPSBOT-${randomHex(6)}-${randomHex(32)}`,
  signingSecret: () => randomHex(16),
};

function readOrCreate(file: string, make: () => string): { value: string; created: boolean } {
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), created: false };
  const value = make();
  writeFileSync(file, value, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { value, created: true };
}

export function loadOrCreateSlackSecrets(dataDir: string): SlackSecrets {
  const dir = path.join(dataDir, 'sandbox', 'slack');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    dir,
    botToken: path.join(dir, 'bot-token'),
    appToken: path.join(dir, 'app-token'),
    signingSecret: path.join(dir, 'signing-secret'),
  };
  const bot = readOrCreate(files.botToken, GENERATORS.botToken);
  const app = readOrCreate(files.appToken, GENERATORS.appToken);
  const secret = readOrCreate(files.signingSecret, GENERATORS.signingSecret);
  return {
    files,
    botToken: bot.value,
    appToken: app.value,
    signingSecret: secret.value,
    created: bot.created || app.created || secret.created,
  };
}

/** The commented `connections:` block to paste into opsbot.yaml (file references, no secret values). */
export function slackConnectionYaml(name: string, files: SlackSecretFiles, apiUrl: string): string {
  return [
    'connections:',
    `  ${name}:`,
    '    type: slack',
    `    botToken: \${file:${files.botToken}}`,
    `    signingSecret: \${file:${files.signingSecret}}`,
    `    apiUrl: ${apiUrl}`,
    '    # For Socket Mode instead of HTTP requests, add the app-level token:',
    `    # appToken: \${file:${files.appToken}}`,
    '',
  ].join('\n');
}
