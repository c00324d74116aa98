import path from 'node:path';

export interface DaemonPaths {
  socket: string;
  pidFile: string;
  /** Held by the running daemon, or by a CLI command changing the store while no daemon runs. */
  lock: string;
  logDir: string;
  daemonLog: string;
}

/** Where a daemon keeps its runtime files inside dataDir. */
export function daemonPaths(dataDir: string): DaemonPaths {
  const logDir = path.join(dataDir, 'logs');
  return {
    socket: path.join(dataDir, 'opsbot.sock'),
    pidFile: path.join(dataDir, 'opsbot.pid'),
    lock: path.join(dataDir, 'opsbot.lock'),
    logDir,
    daemonLog: path.join(logDir, 'opsbot.log'),
  };
}
