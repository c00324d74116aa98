import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { legacyFolderOf, loadLegacyFolder } from './legacy-folder.ts';
import { CatalogueError, type Service } from './types.ts';
import { loadYamlCatalogue } from './yaml-file.ts';

export { KIND_OPTIONS } from './schema.ts';
export { CatalogueError, SERVICE_KINDS, type Service, type ServiceKind } from './types.ts';

/**
 * A YAML catalogue file, or the old bot's `Elasticsearch/` folder read as it is (the folder itself,
 * its `index.json`, or a checkout that holds it). Paths are relative to `baseDir`.
 * Throws `CatalogueError` naming the file (and line where possible).
 */
export async function loadCatalogue(path: string, baseDir: string): Promise<Service[]> {
  const target = resolve(baseDir, path);
  const info = await stat(target).catch(() => null);
  if (!info) throw new CatalogueError(target, null, 'no such file or folder');
  const legacy = info.isDirectory()
    ? await legacyFolderOf(target)
    : basename(target) === 'index.json'
      ? dirname(target)
      : null;
  if (info.isDirectory() && !legacy) throw new CatalogueError(target, null, 'folder has no index.json');
  const services = legacy ? await loadLegacyFolder(legacy) : await loadYamlCatalogue(target);
  assertUniqueCodes(services, legacy ?? target);
  return services;
}

function assertUniqueCodes(services: Service[], file: string): void {
  const seen = new Map<string, string>();
  for (const s of services) {
    const other = seen.get(s.code);
    if (other !== undefined) {
      throw new CatalogueError(file, null, `services "${other}" and "${s.name}" share code ${s.code}`);
    }
    seen.set(s.code, s.name);
  }
}
