import path from 'node:path';
import { controlRequest } from '../daemon/control.ts';
import { daemonPaths } from '../daemon/paths.ts';
import { findConfigFile, readDataDir } from './config-file.ts';

/** The config file, its dataDir and the control socket a command talks to. */
export function target(configOption?: string) {
  const file = findConfigFile(configOption);
  const dataDir = readDataDir(file);
  return { file, dataDir, ...daemonPaths(dataDir), configDir: path.dirname(file) };
}

export function ask(
  configOption: string | undefined,
  cmd: string,
  args: Record<string, unknown> = {},
  timeoutMs?: number,
) {
  return controlRequest(target(configOption).socket, cmd, args, timeoutMs);
}
