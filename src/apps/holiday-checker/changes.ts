import type { DayInfo, PortableMessage } from 'opsbot';

/**
 * What changed between two runs' closure lists. Each run looks at its own window (today … today+days
 * per exchange), so a closure is only "removed" when it is gone from a date both windows cover; one
 * that merely slid into the past is not news. A closure past the previous window's end is new to the
 * look-ahead rather than added to the calendar, and is listed apart.
 */

export interface Snapshot {
  /** Per exchange, the dates the run looked at (inclusive). */
  windows: Record<string, { from: string; to: string }>;
  closures: DayInfo[];
}

export interface Changes {
  added: DayInfo[];
  removed: DayInfo[];
  renamed: Array<{ exchange: string; date: string; from: string; to: string }>;
  /** Newly inside the look-ahead (past the previous window's end). */
  upcoming: DayInfo[];
  /** Exchanges the previous run did not cover: all their closures. */
  firstSeen: DayInfo[];
}

const keyOf = (d: { exchange: string; date: string }) => `${d.exchange} ${d.date}`;
const byDate = (a: { exchange: string; date: string }, b: { exchange: string; date: string }) =>
  a.date.localeCompare(b.date) || a.exchange.localeCompare(b.exchange);

export function diffSnapshots(previous: Snapshot, current: Snapshot): Changes {
  const before = new Map(previous.closures.map((d) => [keyOf(d), d]));
  const now = new Map(current.closures.map((d) => [keyOf(d), d]));
  const changes: Changes = { added: [], removed: [], renamed: [], upcoming: [], firstSeen: [] };
  for (const d of current.closures) {
    const window = previous.windows[d.exchange];
    const old = before.get(keyOf(d));
    if (!window) changes.firstSeen.push(d);
    else if (old && old.name !== d.name)
      changes.renamed.push({ exchange: d.exchange, date: d.date, from: old.name, to: d.name });
    else if (!old && d.date > window.to) changes.upcoming.push(d);
    else if (!old) changes.added.push(d);
  }
  for (const d of previous.closures) {
    const window = current.windows[d.exchange];
    if (window && !now.has(keyOf(d)) && d.date >= window.from && d.date <= window.to) {
      changes.removed.push(d);
    }
  }
  for (const list of [changes.added, changes.removed, changes.upcoming, changes.firstSeen]) list.sort(byDate);
  changes.renamed.sort(byDate);
  return changes;
}

const line = (d: DayInfo) => `  ${d.exchange} ${d.date} ${d.name}`;

/** The one message a run sends: everything found on the first run, the differences afterwards, else null. */
export function changeMessage(
  previous: Snapshot | undefined,
  current: Snapshot,
  days: number,
): PortableMessage | null {
  if (!previous) {
    const found = [...current.closures].sort(byDate);
    const head = `앞으로 ${days}일 동안 휴장일 ${found.length}건을 확인했습니다.`;
    return {
      title: '휴장일 확인',
      text: [head, ...found.map(line)].join('\n'),
      severity: 'info',
    };
  }
  const c = diffSnapshots(previous, current);
  const sections: string[] = [];
  const section = (label: string, lines: string[]) => {
    if (lines.length) sections.push([`${label} (${lines.length}건):`, ...lines].join('\n'));
  };
  section('추가', c.added.map(line));
  section('삭제', c.removed.map(line));
  section(
    '이름 변경',
    c.renamed.map((r) => `  ${r.exchange} ${r.date} ${r.from} → ${r.to}`),
  );
  section(`새로 ${days}일 안에 들어온 휴장일`, c.upcoming.map(line));
  section('새로 확인한 거래소', c.firstSeen.map(line));
  if (!sections.length) return null;
  // Additions and removals contradict what people planned with; newly visible days do not.
  const corrected = c.added.length + c.removed.length + c.renamed.length > 0;
  return {
    title: '휴장일 변경',
    text: sections.join('\n\n'),
    severity: corrected ? 'warning' : 'info',
  };
}
