import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from 'opsbot';
import { parsePeopleCsv } from './csv.ts';
import type { Options } from './options.ts';
import { People, type PersonFields } from './people.ts';
import { Teams } from './teams.ts';

/**
 * Puts `with.teams` and `with.people` in the database at start (added or updated; people added in
 * chat stay). Paths are relative to the daemon's working directory.
 */
export async function seed(ctx: AppContext<Options>): Promise<void> {
  const teams = new Teams(ctx);
  for (const team of ctx.options.teams) await teams.upsert(team);
  const listed = ctx.options.people;
  const people = typeof listed === 'string' ? await readPeopleCsv(listed) : listed;
  await importPeople(ctx, people);
}

export async function readPeopleCsv(file: string): Promise<PersonFields[]> {
  return parsePeopleCsv(await readFile(path.resolve(process.cwd(), file), 'utf8'));
}

export async function importPeople(
  ctx: AppContext<Options>,
  people: PersonFields[],
): Promise<{ added: number; updated: number }> {
  const table = new People(ctx);
  const counts = { added: 0, updated: 0 };
  for (const person of people) counts[await table.upsert(person)]++;
  return counts;
}
