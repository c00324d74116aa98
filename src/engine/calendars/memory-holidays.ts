import type { HolidayEntry, HolidayRepo } from '../../platform/store/types.ts';

/** A HolidayRepo in memory: the testing kit's curated entries (no store there). */
export class MemoryHolidays implements HolidayRepo {
  private readonly rows = new Map<string, HolidayEntry>();

  async put(entry: HolidayEntry): Promise<void> {
    this.rows.set(`${entry.exchange}|${entry.date}`, { ...entry });
  }

  async putMany(entries: HolidayEntry[]): Promise<void> {
    for (const entry of entries) await this.put(entry);
  }

  async get(exchange: string, date: string): Promise<HolidayEntry | undefined> {
    const row = this.rows.get(`${exchange}|${date}`);
    return row ? { ...row } : undefined;
  }

  async delete(exchange: string, date: string): Promise<boolean> {
    return this.rows.delete(`${exchange}|${date}`);
  }

  async list(filter: { exchange?: string; from?: string; to?: string } = {}): Promise<HolidayEntry[]> {
    return [...this.rows.values()]
      .filter(
        (r) =>
          (filter.exchange === undefined || r.exchange === filter.exchange) &&
          (filter.from === undefined || r.date >= filter.from) &&
          (filter.to === undefined || r.date <= filter.to),
      )
      .sort((a, b) => a.exchange.localeCompare(b.exchange) || a.date.localeCompare(b.date))
      .map((r) => ({ ...r }));
  }
}
