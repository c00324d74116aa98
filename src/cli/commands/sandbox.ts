import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, parse, YAMLSeq } from 'yaml';
import { errorMessage, OpsbotError, usageError } from '../../platform/errors.ts';
import { startWorksEmulator } from '../../sandbox/naverworks/emulator.ts';
import {
  loadOrCreateTenant,
  type SandboxTenant,
  TENANT_SCOPES,
  tenantEmulatorOptions,
} from '../../sandbox/naverworks/tenant.ts';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack/index.ts';
import {
  loadOrCreateSlackSecrets,
  type SlackSecrets,
  slackConnectionYaml,
} from '../../sandbox/slack/secrets.ts';
import { startWebexEmulator, type WebexEmulator } from '../../sandbox/webex/index.ts';
import {
  loadOrCreateWebexSecrets,
  type WebexSecrets,
  webexConnectionYaml,
} from '../../sandbox/webex/secrets.ts';
import { findConfigFile, readDataDir } from '../config-locate.ts';
import { printJson, say } from '../output.ts';
import { sandboxAllCommand } from './sandbox-all.ts';
import { startCloud } from './sandbox-cloud.ts';
import { startExtras } from './sandbox-extras.ts';

interface SandboxOptions {
  config?: string;
  portBase?: string;
  writeConfig?: string;
  daemonPort?: string;
  host?: string;
  port?: string;
  hooks?: string;
  connection?: string;
  network?: string;
  notices?: boolean;
  slack?: boolean;
  webex?: boolean;
  cloud?: boolean;
  json?: boolean;
}

interface Setting {
  dataDir: string;
  callbackUrl: string;
  /** Where the Slack emulator sends commands, interactions and events: the daemon's `/hooks/slack`. */
  slackRequestUrl: string;
}

function parsePort(text: string | undefined): number {
  const value = text ?? '9090';
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw usageError(`--port takes a port number (0-65535; 0 picks a free one), not "${value}"`);
  }
  return Number(value);
}

function checkHooksUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text;
  } catch {
    // reported below
  }
  throw usageError(`--hooks takes an http(s) URL, not "${text}"`);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** dataDir and the daemon's hook URL from the config when there is one, else the defaults. */
function readSetting(opts: SandboxOptions, connection: string): Setting {
  let file: string | undefined;
  try {
    file = findConfigFile(opts.config);
  } catch {
    // No config here: the sandbox is still useful on its own.
  }
  let dataDir = path.resolve('data');
  let host = '127.0.0.1';
  let port = 8080;
  if (file) {
    dataDir = readDataDir(file);
    const doc = parse(readFileSync(file, 'utf8')) as { http?: { host?: unknown; port?: unknown } } | null;
    if (typeof doc?.http?.host === 'string') host = doc.http.host;
    if (typeof doc?.http?.port === 'number') port = doc.http.port;
  }
  // A daemon listening on every interface is still reached on loopback from here.
  if (host === '0.0.0.0' || host === '::' || host === '') host = '127.0.0.1';
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const callbackUrl = opts.hooks
    ? checkHooksUrl(opts.hooks)
    : `http://${hostPart}:${port}/hooks/${encodeURIComponent(connection)}`;
  return { dataDir, callbackUrl, slackRequestUrl: `http://${hostPart}:${port}/hooks/slack` };
}

interface SlackSandbox {
  emulator: SlackEmulator;
  secrets: SlackSecrets;
  yaml: string;
}

/** With `--slack`: the Slack emulator next to NAVER WORKS, on the next port (or any free one with --port 0). */
async function startSlack(
  host: string,
  port: number,
  dataDir: string,
  requestUrl: string,
): Promise<SlackSandbox> {
  let secrets: SlackSecrets;
  try {
    secrets = loadOrCreateSlackSecrets(dataDir);
  } catch (err) {
    throw new OpsbotError('SANDBOX', `cannot prepare the sandbox Slack workspace: ${errorMessage(err)}`);
  }
  const slackPort = port === 0 ? 0 : port + 1;
  const emulator = await startSlackEmulator({
    host,
    port: slackPort,
    botToken: secrets.botToken,
    appToken: secrets.appToken,
    signingSecret: secrets.signingSecret,
    requestUrl,
  }).catch((err: unknown) => {
    throw new OpsbotError(
      'SANDBOX',
      `cannot start the Slack emulator on ${host}:${slackPort}: ${errorMessage(err)}`,
    );
  });
  return { emulator, secrets, yaml: slackConnectionYaml('slack', secrets.files, emulator.apiUrl) };
}

function slackFacts(slack: SlackSandbox): Record<string, unknown> {
  const { emulator, secrets } = slack;
  return {
    url: emulator.url,
    pageUrl: `${emulator.url}/`,
    apiUrl: emulator.apiUrl,
    requestUrl: emulator.requestUrl,
    secretsDir: secrets.files.dir,
    created: secrets.created,
    connection: {
      name: 'slack',
      type: 'slack',
      botToken: `\${file:${secrets.files.botToken}}`,
      signingSecret: `\${file:${secrets.files.signingSecret}}`,
      appToken: `\${file:${secrets.files.appToken}}`,
      apiUrl: emulator.apiUrl,
    },
    users: emulator.state.workspace.users,
    channels: emulator.state.workspace.channels,
    yaml: slack.yaml,
  };
}

function saySlack(slack: SlackSandbox): void {
  say('');
  say(`Slack emulator running at ${slack.emulator.url}`);
  say(`  workspace page: ${slack.emulator.url}/`);
  say(`  requests to:    ${slack.emulator.requestUrl}`);
  say('Add this Slack connection to opsbot.yaml (secrets stay in the files it names):');
  process.stdout.write(`\n${slack.yaml}\n`);
}

interface WebexSandbox {
  emulator: WebexEmulator;
  secrets: WebexSecrets;
  yaml: string;
}

/** With `--webex`: the Webex emulator on --port + 2 (or any free one with --port 0). */
async function startWebex(host: string, port: number, dataDir: string): Promise<WebexSandbox> {
  let secrets: WebexSecrets;
  try {
    secrets = loadOrCreateWebexSecrets(dataDir);
  } catch (err) {
    throw new OpsbotError('SANDBOX', `cannot prepare the sandbox Webex bot: ${errorMessage(err)}`);
  }
  const webexPort = port === 0 ? 0 : port + 2;
  const emulator = await startWebexEmulator({ host, port: webexPort, botToken: secrets.token }).catch(
    (err: unknown) => {
      throw new OpsbotError(
        'SANDBOX',
        `cannot start the Webex emulator on ${host}:${webexPort}: ${errorMessage(err)}`,
      );
    },
  );
  return { emulator, secrets, yaml: webexConnectionYaml('webex', secrets.tokenFile, emulator.apiUrl) };
}

function webexFacts(webex: WebexSandbox): Record<string, unknown> {
  const { emulator, secrets } = webex;
  return {
    url: emulator.url,
    pageUrl: `${emulator.url}/`,
    apiUrl: emulator.apiUrl,
    secretsDir: secrets.dir,
    created: secrets.created,
    connection: {
      name: 'webex',
      type: 'webex',
      token: `\${file:${secrets.tokenFile}}`,
      apiUrl: emulator.apiUrl,
    },
    bot: { id: emulator.bot.id, email: emulator.bot.emails[0], displayName: emulator.bot.displayName },
    people: emulator.state.people
      .filter((p) => p.type !== 'bot')
      .map((p) => ({ id: p.id, email: p.emails[0], displayName: p.displayName })),
    rooms: emulator.state.rooms.map((r) => ({ id: r.id, title: r.title, type: r.type })),
    yaml: webex.yaml,
  };
}

function sayWebex(webex: WebexSandbox): void {
  say('');
  say(`Webex emulator running at ${webex.emulator.url}`);
  say(`  chat page: ${webex.emulator.url}/`);
  say(`  REST API:  ${webex.emulator.apiUrl}`);
  say('Add this Webex connection to opsbot.yaml (the token stays in the file it names):');
  process.stdout.write(`\n${webex.yaml}\n`);
}

/** The connection block for opsbot.yaml; secrets as file references, so pasting it leaks nothing. */
function connectionBlock(tenant: SandboxTenant, urls: { apiUrl: string; authUrl: string }) {
  return {
    type: 'naverworks',
    apiUrl: urls.apiUrl,
    authUrl: urls.authUrl,
    clientId: tenant.facts.clientId,
    clientSecret: `\${file:${tenant.files.clientSecret}}`,
    serviceAccount: tenant.facts.serviceAccount,
    privateKey: `\${file:${tenant.files.privateKey}}`,
    botId: tenant.facts.botId,
    botSecret: `\${file:${tenant.files.botSecret}}`,
    scopes: TENANT_SCOPES,
  };
}

function configSnippet(connection: string, block: ReturnType<typeof connectionBlock>): string {
  const doc = new Document({ connections: { [connection]: block } });
  // `scopes: [bot, …]` on one line, the way the README writes it.
  const scopes = doc.getIn(['connections', connection, 'scopes'], true);
  if (scopes instanceof YAMLSeq) scopes.flow = true;
  return doc.toString();
}

/** The old flags pick the single NAVER WORKS sandbox; without them it is the complete one (sandbox-all.ts). */
function wantsSingle(opts: SandboxOptions): boolean {
  const single = [opts.port, opts.hooks, opts.connection, opts.network].some((v) => v !== undefined);
  return single || Boolean(opts.slack || opts.webex || opts.cloud || opts.notices);
}

export async function sandboxCommand(opts: SandboxOptions): Promise<void> {
  if (!wantsSingle(opts)) return sandboxAllCommand(opts);
  if (opts.portBase !== undefined || opts.writeConfig !== undefined || opts.daemonPort !== undefined) {
    throw usageError(
      '--port-base, --write-config and --daemon-port belong to the complete sandbox; drop --port, --hooks, --connection, --network, --notices, --slack, --webex and --cloud',
    );
  }
  const port = parsePort(opts.port);
  const host = opts.host ?? '127.0.0.1';
  const connection = opts.connection ?? 'works';
  if (!/^[A-Za-z0-9_-]+$/.test(connection))
    throw usageError(`--connection takes a connection name, not "${connection}"`);
  const setting = readSetting(opts, connection);
  const { dataDir, callbackUrl } = setting;
  if (!isLoopback(host)) {
    // The chat page has no login: whoever reaches it can act as any sandbox user toward the daemon.
    say(
      `warning: --host ${host} is not a loopback address; the chat page has no login, so anyone who can ` +
        'reach it can post as the sandbox users to your daemon. Prefer the default 127.0.0.1.',
    );
  }

  let tenant: SandboxTenant;
  try {
    tenant = loadOrCreateTenant(dataDir);
  } catch (err) {
    throw new OpsbotError('SANDBOX', `cannot prepare the sandbox tenant: ${errorMessage(err)}`);
  }
  const emulator = await startWorksEmulator(tenantEmulatorOptions(tenant, { host, port, callbackUrl })).catch(
    (err: unknown) => {
      throw new OpsbotError(
        'SANDBOX',
        `cannot start the NAVER WORKS emulator on ${host}:${port}: ${errorMessage(err)}`,
      );
    },
  );
  const network = opts.network === undefined ? 0 : Number(opts.network);
  if (!Number.isInteger(network) || network < 0 || network > 1000) {
    await emulator.close();
    throw usageError(`--network takes a number of switches (0-1000), not "${opts.network}"`);
  }
  const extras = await startExtras({ host, network, notices: opts.notices === true }).catch(
    async (err: unknown) => {
      await emulator.close();
      throw new OpsbotError('SANDBOX', `cannot start the other emulators: ${errorMessage(err)}`);
    },
  );
  const slack = opts.slack
    ? await startSlack(host, port, dataDir, setting.slackRequestUrl).catch(async (err: unknown) => {
        await extras.close();
        await emulator.close();
        throw err;
      })
    : undefined;
  const webex = opts.webex
    ? await startWebex(host, port, dataDir).catch(async (err: unknown) => {
        await slack?.emulator.close();
        await extras.close();
        await emulator.close();
        throw err;
      })
    : undefined;
  const cloud = opts.cloud
    ? await startCloud(host, port, dataDir).catch(async (err: unknown) => {
        await webex?.emulator.close();
        await slack?.emulator.close();
        await extras.close();
        await emulator.close();
        throw new OpsbotError('SANDBOX', `cannot start the cloud emulators: ${errorMessage(err)}`);
      })
    : undefined;
  const block = connectionBlock(tenant, emulator);
  const yaml = configSnippet(connection, block);
  const chatUrl = `${emulator.url}/`;

  if (opts.json) {
    printJson({
      url: emulator.url,
      chatUrl,
      apiUrl: emulator.apiUrl,
      authUrl: emulator.authUrl,
      callbackUrl,
      tenantDir: tenant.files.dir,
      created: tenant.created,
      files: {
        tenant: tenant.files.tenant,
        privateKey: tenant.files.privateKey,
        clientSecret: tenant.files.clientSecret,
        botSecret: tenant.files.botSecret,
      },
      clientId: tenant.facts.clientId,
      serviceAccount: tenant.facts.serviceAccount,
      botId: tenant.facts.botId,
      scopes: TENANT_SCOPES,
      users: tenant.facts.users.map((u) => ({
        userId: u.userId,
        email: u.email,
        name: `${u.lastName ?? ''}${u.firstName ?? ''}`,
      })),
      channels: tenant.facts.channels.map((c) => ({ channelId: c.channelId, title: c.title ?? '' })),
      connection: { name: connection, ...block },
      yaml,
      ...extras.facts,
      ...(extras.yaml ? { appsYaml: extras.yaml } : {}),
      ...(slack ? { slack: slackFacts(slack) } : {}),
      ...(webex ? { webex: webexFacts(webex) } : {}),
      ...(cloud ? { cloud: cloud.facts } : {}),
    });
  } else {
    say(`${tenant.created ? 'created' : 'using'} the sandbox tenant in ${tenant.files.dir}`);
    say(`NAVER WORKS emulator running at ${emulator.url} (Ctrl-C stops)`);
    say(`  chat page:    ${chatUrl}`);
    say(`  callbacks to: ${callbackUrl}`);
    say(
      `  users:        ${tenant.facts.users.map((u) => `${u.lastName ?? ''}${u.firstName ?? ''} <${u.email}>`).join(', ')}`,
    );
    say('');
    say('Add this to opsbot.yaml, then run "opsbot start" in another terminal:');
    process.stdout.write(`\n${yaml}\n`);
    if (extras.yaml) {
      say('');
      say('Apps to try the other emulators with (switches log in as admin / cisco):');
      process.stdout.write(`\n${extras.yaml}\n`);
    }
    if (slack) saySlack(slack);
    if (webex) sayWebex(webex);
    cloud?.say();
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await cloud?.close();
  await webex?.emulator.close();
  await slack?.emulator.close();
  await extras.close();
  await emulator.close();
  process.exit(0);
}
