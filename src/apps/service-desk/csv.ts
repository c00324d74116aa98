import type { PersonFields } from './people.ts';

/**
 * People from a CSV with the header `name,email,team,admin,ids`: `admin` is true/yes/1/y (any case),
 * `ids` a list separated by `;` or spaces. A UTF-8 BOM (Excel) is ignored; fields may be quoted.
 */
export function parsePeopleCsv(text: string): PersonFields[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(splitLine);
  const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
  const at = (name: string) => header.indexOf(name);
  for (const name of ['name', 'email', 'team']) {
    if (at(name) < 0) throw new Error(`people CSV: the header has no "${name}" column`);
  }
  return rows.map((cells, i) => {
    const cell = (name: string) => (at(name) < 0 ? '' : (cells[at(name)] ?? '').trim());
    if (!cell('email') || !cell('name') || !cell('team')) {
      throw new Error(`people CSV line ${i + 2}: name, email and team are required`);
    }
    return {
      name: cell('name'),
      email: cell('email').toLowerCase(),
      team: cell('team'),
      admin: /^(true|yes|y|1)$/i.test(cell('admin')),
      ids: cell('ids')
        .split(/[;\s]+/)
        .filter(Boolean),
    };
  });
}

/** One CSV line: commas split, double quotes group ("" is a quote). */
function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** CSV text of rows (quoted where needed), lines ending in CRLF as Excel expects, with a BOM. */
export function toCsv(rows: string[][]): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `\uFEFF${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}
