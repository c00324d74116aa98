/**
 * The catalogue and search as this app uses them. The shapes are those of ./catalogue and ./search
 * (written separately); the app takes them through this seam so its tests can pass a small fake.
 */

export type ServiceKind = 'day-pick' | 'day-lookup' | 'report-upload' | 'reply' | 'form';

export interface Service {
  name: string;
  code: string;
  kind: ServiceKind;
  synonyms: string[];
  options: Record<string, unknown>;
}

export type Match =
  | { kind: 'found'; service: Service; how: 'synonym' | 'typo' | 'words' }
  | { kind: 'tie'; services: Service[] }
  | { kind: 'none' };

export interface Search {
  find(text: string): Match;
}

export interface CatalogueSeam {
  load(path: string, baseDir: string): Promise<Service[]>;
  search(services: Service[]): Search;
}
