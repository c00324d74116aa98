import { CatalogueError } from './types.ts';

/** One rule of a Solr synonym file: `a, b => c` maps the left phrases to the right; `a, b, c` makes them equal. */
export interface SynonymRule {
  line: number | null;
  from: string[];
  to: string[];
  /** True for `a, b, c`: every phrase stands for every other, so there is no direction. */
  equivalent: boolean;
}

/** Parses the Solr synonym format Elasticsearch reads (`#` comments, blank lines, `\,` escapes). */
export function parseSynonyms(text: string, file: string, firstLine: number | null = 1): SynonymRule[] {
  const rules: SynonymRule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = firstLine === null ? null : firstLine + i;
    const body = raw.replace(/(^|\s)#.*$/, '').trim();
    if (body === '') return;
    const sides = body.split('=>');
    if (sides.length > 2) throw new CatalogueError(file, line, `more than one "=>" in "${body}"`);
    const from = phrases(sides[0]!);
    const to = sides.length === 2 ? phrases(sides[1]!) : from;
    if (from.length === 0 || to.length === 0) throw new CatalogueError(file, line, `empty side in "${body}"`);
    rules.push({ line, from, to, equivalent: sides.length === 1 });
  });
  return rules;
}

function phrases(side: string): string[] {
  return side
    .split(/(?<!\\),/)
    .map((p) => p.replace(/\\,/g, ',').trim().replace(/\s+/g, ' '))
    .filter((p) => p !== '');
}
