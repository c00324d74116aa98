import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DayInfo, ExchangeInfo } from 'opsbot';
import { addDays } from 'opsbot';
import { weekdayName } from '../shared/dates.ts';

/**
 * The holiday files the FEP servers read from /mdfsvc/fep/etc/holidays, in the old holiday_checker's
 * format (UTF-8, no trailing newline in the day files):
 *
 * - `<EXCHANGE>-<Day>.txt`, Day = Mon Tue Wed Thu Fri Sat Sun: one file per day of the coming week,
 *   today (in the exchange's timezone) included. It holds the closure's name when the exchange is
 *   closed that day ("설날"), and is empty when it trades or on a weekend. The FEP reads the file of
 *   the current weekday, so the weekly run rewrites all seven.
 *     XKRX-Mon.txt → 설날
 *     XKRX-Tue.txt → (empty)
 * - `exchange_map.txt`: one line per exchange, `code,name,timezone`, newline-terminated:
 *     XKRX,Korea Exchange,Asia/Seoul
 *     XNYS,New York Stock Exchange,America/New_York
 */

export interface FepFile {
  name: string;
  content: string;
}

export interface FepExchange {
  info: ExchangeInfo;
  /** Today in the exchange's timezone. */
  today: string;
}

export const WEEK = 7;

// A comma or newline inside a field would shift the columns the FEP parses.
const field = (s: string) => s.replace(/[,\r\n]+/g, ' ').trim();

export function fepFiles(exchanges: FepExchange[], closures: DayInfo[]): FepFile[] {
  const names = new Map(closures.map((c) => [`${c.exchange} ${c.date}`, c.name]));
  const files: FepFile[] = [];
  for (const { info, today } of exchanges) {
    for (let i = 0; i < WEEK; i++) {
      const date = addDays(today, i);
      files.push({
        name: `${info.exchange}-${weekdayName(date)}.txt`,
        content: (names.get(`${info.exchange} ${date}`) ?? '').replace(/[\r\n]+/g, ' '),
      });
    }
  }
  const map = exchanges.map(
    ({ info }) => `${field(info.exchange)},${field(info.name)},${field(info.timezone)}\n`,
  );
  files.push({ name: 'exchange_map.txt', content: map.join('') });
  return files;
}

/** Writes each file through a temporary name so a reader never sees half of one. */
export async function writeFepFiles(dir: string, files: FepFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const target = path.join(dir, file.name);
    const temp = `${target}.tmp`;
    await writeFile(temp, file.content, 'utf8');
    await rename(temp, target);
  }
}
