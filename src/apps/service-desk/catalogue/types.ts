export const SERVICE_KINDS = ['day-pick', 'day-lookup', 'report-upload', 'reply', 'form'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** One thing a person can ask the service desk for, found by its name or synonyms. */
export interface Service {
  name: string;
  code: string;
  kind: ServiceKind;
  synonyms: string[];
  /** The kind's options, already validated (see `KIND_OPTIONS` in schema.ts). */
  options: Record<string, unknown>;
}

/** A catalogue that cannot be used. `file` and `line` point at the cause so the message can be acted on. */
export class CatalogueError extends Error {
  readonly file: string;
  readonly line: number | null;

  constructor(file: string, line: number | null, detail: string) {
    super(`${line === null ? file : `${file}:${line}`}: ${detail}`);
    this.name = 'CatalogueError';
    this.file = file;
    this.line = line;
  }
}
