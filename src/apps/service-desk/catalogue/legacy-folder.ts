import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseSynonyms, type SynonymRule } from './solr-synonyms.ts';
import { CatalogueError, type Service, type ServiceKind } from './types.ts';

/**
 * The old TG chatbot's handlers, by the `service` value of its documents. The folder says nothing
 * about what a service does, so only these three names can be run; any other name is refused at
 * load time rather than offered to a person and then found to do nothing.
 */
const LEGACY_KINDS: Record<string, { kind: ServiceKind; options: Record<string, unknown> }> = {
  // The old bot allowed changes "until the 3rd" and took only PowerPoint decks.
  tgday: { kind: 'day-pick', options: { deadlineDay: 3 } },
  gettgday: { kind: 'day-lookup', options: {} },
  workreport: { kind: 'report-upload', options: { extensions: ['pptx'] } },
};

/** Is `dir` an old bot's `Elasticsearch/` folder (or a checkout holding one)? Returns the folder. */
export async function legacyFolderOf(dir: string): Promise<string | null> {
  for (const candidate of [dir, join(dir, 'Elasticsearch')]) {
    if (await isFile(join(candidate, 'index.json'))) return candidate;
  }
  return null;
}

/** Reads `index.json`, its synonym rules and `document/*.json`, the way the old bot loaded them into Elasticsearch. */
export async function loadLegacyFolder(dir: string): Promise<Service[]> {
  const rules = await synonymRules(dir);
  const docDir = join(dir, 'document');
  const files = (await readdir(docDir)).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new CatalogueError(docDir, null, 'no *.json documents');
  return Promise.all(files.map((f) => documentService(join(docDir, f), rules)));
}

async function documentService(file: string, rules: SynonymRule[]): Promise<Service> {
  const doc = await readJson(file);
  const name = doc['service'];
  const code = doc['service_code'];
  if (typeof name !== 'string' || name.trim() === '')
    throw new CatalogueError(file, null, 'missing "service"');
  if (typeof code !== 'number' && typeof code !== 'string') {
    throw new CatalogueError(file, null, `service "${name}": missing "service_code"`);
  }
  const known = LEGACY_KINDS[name.toLowerCase()];
  if (!known) {
    const names = Object.keys(LEGACY_KINDS).join(', ');
    throw new CatalogueError(
      file,
      null,
      `service "${name}" has no handler (known: ${names}); describe it in a YAML catalogue instead`,
    );
  }
  return { name, code: String(code), ...known, synonyms: synonymsFor(name, rules) };
}

/** Every phrase that Elasticsearch would have turned into the service's own term, plus the name itself. */
function synonymsFor(name: string, rules: SynonymRule[]): string[] {
  const term = name.toLowerCase();
  const found = rules.flatMap((r) => (r.to.some((t) => t.toLowerCase() === term) ? r.from : []));
  return [...new Set([name, ...found])];
}

async function synonymRules(dir: string): Promise<SynonymRule[]> {
  const indexFile = join(dir, 'index.json');
  const filter = synonymFilter(await readJson(indexFile));
  if (!filter) return [];
  if (Array.isArray(filter['synonyms'])) {
    return parseSynonyms(filter['synonyms'].map(String).join('\n'), `${indexFile} (inline synonyms)`, null);
  }
  const path = filter['synonyms_path'];
  if (typeof path !== 'string') throw new CatalogueError(indexFile, null, 'synonym filter has no synonyms');
  // `synonyms_path` is relative to Elasticsearch's config directory; the folder keeps the file beside index.json.
  const file = (await isFile(join(dir, path))) ? join(dir, path) : join(dir, basename(path));
  return parseSynonyms(await readFile(file, 'utf8'), file);
}

/** The first `synonym`/`synonym_graph` filter under `settings.index.analysis` or `settings.analysis`. */
function synonymFilter(index: Record<string, unknown>): Record<string, unknown> | null {
  const settings = asRecord(index['settings']);
  const analysis = asRecord(asRecord(settings['index'])['analysis'] ?? settings['analysis']);
  const filters = Object.values(asRecord(analysis['filter'])).map(asRecord);
  return filters.find((f) => f['type'] === 'synonym' || f['type'] === 'synonym_graph') ?? null;
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CatalogueError(file, null, (err as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CatalogueError(file, null, 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
