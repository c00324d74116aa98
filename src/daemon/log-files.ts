import path from 'node:path';
import type { Metrics } from '../engine/metrics.ts';
import type { Config, LoadedConfig } from '../platform/config/schema.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { LogFile, type LogRotation } from '../platform/log-file.ts';
import { makePrivateDir, preparePrivateFile } from '../platform/private-files.ts';

export function rotationOf(log: Config['log']): LogRotation {
  return { maxSize: log.maxSize, keep: log.keep };
}

/**
 * The daemon's log files (`opsbot.log` and one per app), one LogFile per name for the daemon's
 * whole life, so an app process replaced by a reload keeps rotating the same file.
 */
export class LogFiles {
  private readonly files = new Map<string, LogFile>();
  private readonly dir: string;
  private readonly rotation: LogRotation;
  private readonly onDrop: (name: string) => void;

  constructor(dir: string, rotation: LogRotation, onDrop: (name: string) => void) {
    this.dir = dir;
    this.rotation = rotation;
    this.onDrop = onDrop;
  }

  get(name: string): LogFile {
    let file = this.files.get(name);
    if (!file) {
      const at = path.join(this.dir, `${name}.log`);
      // Made now, private, so `opsbot logs APP` finds a file before the app's first line; a disk
      // too full for even that only means the file appears with the first line that fits.
      try {
        preparePrivateFile(at);
      } catch {}
      file = new LogFile(at, {
        rotation: this.rotation,
        onDrop: () => this.onDrop(name),
      });
      this.files.set(name, file);
    }
    return file;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.close()));
    this.files.clear();
  }
}

/** The daemon's logger: opsbot.log (rotated, never blocking), and stdout too when asked. */
export function daemonLogger(
  config: LoadedConfig,
  logDir: string,
  metrics: Metrics,
  stdout = false,
): { log: Logger; files: LogFiles } {
  makePrivateDir(logDir, 'log folder');
  const files = new LogFiles(logDir, rotationOf(config.log), (name) =>
    metrics.logLinesDropped.inc({ log: name }),
  );
  const log = createLogger({ name: 'opsbot', level: config.log.level, file: files.get('opsbot'), stdout });
  return { log, files };
}
