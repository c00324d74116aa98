/**
 * The catalogue and search as this app uses them: the app takes them through this seam so its
 * tests can pass a small stand-in (index.ts wires the real ./catalogue and ./search).
 */
import type { Service } from './catalogue/index.ts';
import type { Match } from './search/index.ts';

export type { Service, ServiceKind } from './catalogue/index.ts';
export type { Match } from './search/index.ts';

export interface Search {
  find(text: string): Match;
}

export interface CatalogueSeam {
  load(path: string, baseDir: string): Promise<Service[]>;
  search(services: Service[]): Search;
}
