import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alive, type CliResult, until } from '../cli.ts';
import { CliSession } from '../cli-session.ts';
import type { ClusterStatusJson, LeaseJson, NodeJson } from './types.ts';

/** SIGKILL to the daemon's process group (the daemon and its app processes): the machine died. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * One daemon of a cluster under test: its own folder (opsbot.yaml, app files, dataDir), driven
 * through the real CLI in a CliSession of its own, so a slow command on one node never queues
 * behind another node's.
 */
export class ClusterNode {
  readonly name: string;
  readonly dir: string;
  /** The daemon's pid and URL while it runs (set by start()). */
  pid: number | undefined;
  url = '';
  #session: CliSession | undefined;

  constructor(name: string, dir: string, config: string, files: Record<string, string>) {
    this.name = name;
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    writeFileSync(this.config, config);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  }

  get config(): string {
    return path.join(this.dir, 'opsbot.yaml');
  }

  get running(): boolean {
    return alive(this.pid);
  }

  /** `opsbot ...args --config <this node's config>`. */
  cli(...args: string[]): Promise<CliResult> {
    this.#session ??= new CliSession(this.dir);
    return this.#session.run(...args, '--config', this.config);
  }

  /** `opsbot start --json`: resolves once the daemon reports healthy. */
  async start(): Promise<void> {
    const r = await this.cli('start', '--wait', '--json');
    if (r.code !== 0)
      throw new Error(`${this.name}: opsbot start failed (${r.code}): ${r.stderr}\n${this.logTail()}`);
    const started = JSON.parse(r.stdout) as { pid: number; url: string };
    this.pid = started.pid;
    this.url = started.url;
  }

  async status(): Promise<ClusterStatusJson> {
    return this.#json<ClusterStatusJson>('status', '--json');
  }

  async clusterNodes(): Promise<NodeJson[]> {
    return this.#json<NodeJson[]>('cluster', 'nodes', '--json');
  }

  async clusterLeases(): Promise<LeaseJson[]> {
    return this.#json<LeaseJson[]>('cluster', 'leases', '--json');
  }

  /** This node's state of an app (`running`, `standby`, …), or undefined when status fails. */
  async appState(app: string): Promise<string | undefined> {
    const s = await this.status().catch(() => undefined);
    return s?.apps.find((a) => a.app === app)?.state;
  }

  /** GET /healthz: the HTTP status, or 0 when nothing answers. */
  async health(): Promise<number> {
    try {
      const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  /** kill -9 of the whole node (daemon and apps), as when its machine dies; resolves once it is gone. */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (!pid) return;
    killGroup(pid);
    await until(`${this.name} (pid ${pid}) gone`, () => !alive(pid), 5000);
  }

  /** `opsbot stop`, then SIGKILL for whatever is left; also ends the CLI session. */
  async close(): Promise<void> {
    const pid = this.pid;
    if (alive(pid)) {
      const stop = this.cli('stop');
      await Promise.race([stop, new Promise((r) => setTimeout(r, 10_000))]);
      await until(`${this.name} stopped`, () => !alive(pid), 5000).catch(() => killGroup(pid!));
    }
    if (pid) killGroup(pid);
    await this.#session?.close();
    this.#session = undefined;
  }

  /** The last lines of the daemon's log (for a failure message). */
  logTail(lines = 40): string {
    try {
      const text = readFileSync(path.join(this.dir, 'data', 'logs', 'opsbot.log'), 'utf8');
      // Every CLI command is an "api call" line: the test's own polling would crowd out the rest.
      const told = text.split('\n').filter((l) => !l.includes('"msg":"api call"'));
      return told.slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async #json<T>(...args: string[]): Promise<T> {
    const r = await this.cli(...args);
    if (r.code !== 0)
      throw new Error(`${this.name}: opsbot ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }
}
