import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { usageError } from '../../platform/errors.ts';
import { type Hub, startHub } from '../../sandbox/hub/server.ts';
import type { HubLink } from '../../sandbox/hub/types.ts';
import { findConfigFile, readDataDir } from '../config-locate.ts';
import { printJson, say } from '../output.ts';
import { exampleConfig, writeConfig, writeDeskCatalogue } from './sandbox-example.ts';
import { hubControls } from './sandbox-hub-controls.ts';
import {
  BLOCK_SIZE,
  checkPortsFree,
  PORT_TABLE,
  type Ports,
  parsePortBase,
  portsFrom,
} from './sandbox-ports.ts';
import { type Stack, startStack } from './sandbox-stack.ts';

/**
 * `opsbot sandbox` (the complete sandbox): every emulator on its fixed port from --port-base, a
 * hub page that drives them, one `connections:` block and an example config wiring every built-in
 * app to them (`--write-config FILE` writes it as a runnable opsbot.yaml). Runs until Ctrl-C.
 */

export interface AllOptions {
  config?: string;
  host?: string;
  portBase?: string;
  writeConfig?: string;
  daemonPort?: string;
  json?: boolean;
}

interface Setting {
  dataDir: string;
  daemonPort: number;
}

function parseDaemonPort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw usageError(`--daemon-port takes a port number (1-65535), not "${text}"`);
  }
  return Number(text);
}

/** dataDir and the daemon's port from the config when there is one (the file written before, too). */
function readSetting(opts: AllOptions): Setting {
  let file: string | undefined;
  try {
    file = findConfigFile(opts.config ?? opts.writeConfig);
  } catch {
    // No config yet: the defaults below, the way a fresh checkout starts.
  }
  let dataDir = path.resolve('data');
  let port = 8080;
  if (file && existsSync(file)) {
    dataDir = readDataDir(file);
    const doc = parse(readFileSync(file, 'utf8')) as { http?: { port?: unknown } } | null;
    if (typeof doc?.http?.port === 'number' && doc.http.port > 0) port = doc.http.port;
  }
  return { dataDir, daemonPort: parseDaemonPort(opts.daemonPort, port) };
}

function links(stack: Stack, daemonUrl: string): HubLink[] {
  return [
    { key: 'works', name: 'NAVER WORKS chat', url: `${stack.works.url}/` },
    { key: 'slack', name: 'Slack workspace', url: `${stack.slack.url}/` },
    { key: 'webex', name: 'Webex chat', url: `${stack.webex.url}/` },
    { key: 'teams', name: 'Teams channel (Workflows)', url: stack.cloud.parts.teams.pageUrl },
    { key: 'mail', name: 'Mailbox', url: `${stack.mail.pageUrl}/` },
    { key: 'hr', name: 'HR time-card site', url: `${stack.hr.url}/` },
    { key: 'notices', name: 'Notice site', url: `${stack.notices.url}/notices` },
    // The console asks for its first admin (`opsbot console user add`) until one exists.
    { key: 'daemon', name: 'opsbot console', url: `${daemonUrl}/console` },
  ];
}

function portList(ports: Ports): Array<{ key: string; port: number; protocol: string; what: string }> {
  return PORT_TABLE.map((p) => ({ key: p.key, port: ports[p.key], protocol: p.protocol, what: p.what }));
}

interface Running {
  stack: Stack;
  hub: Hub;
  ports: Ports;
  daemonUrl: string;
  connectionsYaml: string;
  yaml: string;
  rest: string;
  configFile?: string;
  caFile: string;
}

function report(opts: AllOptions, r: Running): void {
  const { stack, hub } = r;
  const facts = {
    hubUrl: `${hub.url}/`,
    daemonUrl: r.daemonUrl,
    ports: portList(r.ports),
    pages: links(stack, r.daemonUrl),
    tenantDir: stack.tenant.files.dir,
    keysDir: stack.secrets.dir,
    daemonEnv: { NODE_EXTRA_CA_CERTS: r.caFile },
    connectionsYaml: r.connectionsYaml,
    configYaml: r.yaml,
    ...(r.configFile ? { configFile: r.configFile } : {}),
  };
  if (opts.json) {
    printJson(facts);
    return;
  }
  say(`opsbot sandbox: every emulator is running (Ctrl-C stops)`);
  say(`  hub page: ${facts.hubUrl}`);
  say(`  daemon:   ${r.daemonUrl} (callbacks and Slack requests go there)`);
  say('');
  for (const p of facts.ports) say(`  ${String(p.port).padEnd(6)}${p.protocol}  ${p.what}`);
  say('');
  process.stdout.write(`\n${r.connectionsYaml}\n`);
  say('The rest of an example opsbot.yaml with every built-in app wired to them:');
  process.stdout.write(`\n${r.rest}\n`);
  if (r.configFile)
    say(`wrote ${r.configFile}; run: NODE_EXTRA_CA_CERTS=${r.caFile} opsbot start --config ${r.configFile}`);
  else say(`Start opsbot so it trusts the Key Vault emulator: NODE_EXTRA_CA_CERTS=${r.caFile} opsbot start`);
}

export async function sandboxAllCommand(opts: AllOptions): Promise<void> {
  const base = parsePortBase(opts.portBase);
  const host = opts.host ?? '127.0.0.1';
  const setting = readSetting(opts);
  const ports = portsFrom(base);
  if (setting.daemonPort >= base && setting.daemonPort < base + BLOCK_SIZE) {
    throw usageError(
      `--daemon-port ${setting.daemonPort} falls inside the sandbox's ports ${base}-${base + BLOCK_SIZE - 1}`,
    );
  }
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    // Neither the hub nor the emulators' pages have a login: whoever reaches them drives the daemon.
    say(`warning: --host ${host} is not a loopback address; the hub and the emulator pages have no login.`);
  }
  await checkPortsFree(host, base);
  const daemonUrl = `http://127.0.0.1:${setting.daemonPort}`;
  const stack = await startStack({ host, ports, dataDir: setting.dataDir, daemonUrl });
  let hub: Hub;
  try {
    writeDeskCatalogue(stack);
    hub = await startHub({
      host,
      port: ports.hub,
      controls: hubControls(stack, links(stack, daemonUrl), ports.fep),
    });
  } catch (err) {
    await stack.close();
    throw err;
  }
  const example = exampleConfig({ stack, ports, dataDir: setting.dataDir, daemonPort: setting.daemonPort });
  const configFile = opts.writeConfig ? path.resolve(opts.writeConfig) : undefined;
  if (configFile) writeConfig(configFile, example.yaml);
  report(opts, {
    stack,
    hub,
    ports,
    daemonUrl,
    connectionsYaml: example.connectionsYaml,
    yaml: example.yaml,
    rest: example.restYaml,
    ...(configFile ? { configFile } : {}),
    caFile: stack.cloud.parts.files.ca,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await hub.close();
  await stack.close();
  process.exit(0);
}
