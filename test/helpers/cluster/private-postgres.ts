import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.ts';

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';
/** util-linux's runuser lives in /usr/sbin, which a plain user's PATH (a fresh shell, CI) may lack. */
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find(existsSync) ?? 'runuser';

/** The newest installed server's bin folder (`/usr/lib/postgresql/<version>/bin`). */
function serverBin(): string {
  const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT) : [];
  const found = versions
    .filter((v) => existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))[0];
  if (!found) throw new Error(`no PostgreSQL server under ${PG_ROOT}/*/bin (initdb, pg_ctl)`);
  return path.join(PG_ROOT, found, 'bin');
}

/** uid and gid of the `postgres` account: the server refuses to run as root. */
function postgresAccount(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('no postgres account in /etc/passwd');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A PostgreSQL server of the test's own (initdb in a temp folder, a free port, trust auth), which
 * the test can stop and start again: the shared server on 5432 cannot be restarted under other
 * tests. Runs the server binaries as `postgres` through runuser, so the tests run as root.
 * Durability is off (fsync, synchronous_commit): a test server only needs to survive `stop -m fast`.
 */
export class PrivatePostgres {
  readonly port: number;
  readonly #dir: string;
  readonly #bin = serverBin();

  private constructor(port: number, dir: string) {
    this.port = port;
    this.#dir = dir;
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-pg-'));
    const { uid, gid } = postgresAccount();
    chownSync(dir, uid, gid);
    const pg = new PrivatePostgres(await freePort(), dir);
    try {
      const initdb = ['-D', pg.#data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'];
      await pg.#asPostgres('initdb', initdb);
      await pg.start();
    } catch (err) {
      await pg.close();
      throw err;
    }
    return pg;
  }

  /** The `postgres` database; TestDatabase.create(url) makes a fresh one beside it. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get #data(): string {
    return path.join(this.#dir, 'data');
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.#dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    const log = path.join(this.#dir, 'server.log');
    await this.#asPostgres('pg_ctl', ['-D', this.#data, '-o', options, '-l', log, '-w', '-t', '30', 'start']);
  }

  /** `pg_ctl stop -m fast`: open sessions are cut, as in a restart for maintenance. */
  async stop(): Promise<void> {
    await this.#asPostgres('pg_ctl', ['-D', this.#data, '-m', 'fast', '-w', '-t', '30', 'stop']);
  }

  /** The server's own log (connections cut, errors), for a failure message. */
  log(): string {
    try {
      return readFileSync(path.join(this.#dir, 'server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async close(): Promise<void> {
    if (existsSync(path.join(this.#data, 'postmaster.pid'))) {
      await this.#asPostgres('pg_ctl', ['-D', this.#data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }

  async #asPostgres(tool: string, args: string[]): Promise<void> {
    try {
      await run(RUNUSER, ['-u', 'postgres', '--', path.join(this.#bin, tool), ...args], {
        cwd: this.#dir,
        timeout: 60_000,
      });
    } catch (err) {
      const { stderr = '', stdout = '' } = err as { stderr?: string; stdout?: string };
      throw new Error(`${tool} ${args.at(-1)} failed: ${stderr || stdout || String(err)}`);
    }
  }
}
