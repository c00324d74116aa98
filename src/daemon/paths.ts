import path from 'node:path';

export interface DaemonPaths {
  socket: string;
  pidFile: string;
  logDir: string;
  daemonLog: string;
}

/** Where a daemon keeps its runtime files inside dataDir. */
export function daemonPaths(dataDir: string): DaemonPaths {
  const logDir = path.join(dataDir, 'logs');
  return {
    socket: path.join(dataDir, 'opsbot.sock'),
    pidFile: path.join(dataDir, 'opsbot.pid'),
    logDir,
    daemonLog: path.join(logDir, 'opsbot.log'),
  };
}
