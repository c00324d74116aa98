import { readFileSync } from 'node:fs';
import { runsCompiled } from './module-path.ts';

/**
 * Which compiled build of opsbot this process runs: the id scripts/build writes into dist/.built,
 * or undefined when it runs from the sources. A CLI and a daemon with the same id were compiled
 * together from the same contracts.
 */
export const BUILD_ID: string | undefined = readBuildId();

function readBuildId(): string | undefined {
  if (!runsCompiled(import.meta.url)) return undefined;
  try {
    return readFileSync(new URL('../.built', import.meta.url), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
