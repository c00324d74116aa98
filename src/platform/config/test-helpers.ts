import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Temp directories for config tests: write a YAML file (and any side files) and get its path. */
export function configFiles(): {
  write(yaml: string, files?: Record<string, string>): Promise<string>;
  cleanup(): Promise<void>;
} {
  const dirs: string[] = [];
  return {
    async write(yaml, files = {}) {
      const dir = await mkdtemp(join(tmpdir(), 'opsbot-config-'));
      dirs.push(dir);
      for (const [name, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, name)), { recursive: true });
        await writeFile(join(dir, name), content);
      }
      const file = join(dir, 'opsbot.yaml');
      await writeFile(file, yaml);
      return file;
    },
    async cleanup() {
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}
