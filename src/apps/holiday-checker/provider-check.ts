import { type AppContext, addDays, type HolidayDiff, type PortableMessage } from 'opsbot';

/**
 * The weekly provider check: asks the configured holiday providers (holidayProviders: in
 * opsbot.yaml; the same diff as `opsbot holiday diff`) about the days from today to the end of
 * the year the look-ahead window reaches, and tells `target` about differences it has not told
 * before — a temporary holiday only a provider knows must not go unnoticed. With `autoApply`, a
 * closure only a provider has is added to the curated calendar (before the rest of the run, so
 * the calendar sync and the FEP files include it); renames and calendar-only days stay for a
 * person to judge.
 */

const SEEN_KEY = 'provider-differences';

export interface ProviderCheckOptions {
  exchanges: string[];
  target?: string | undefined;
  providerCheck: boolean;
  autoApply: boolean;
}

interface Difference {
  key: string;
  text: string;
  applied?: boolean;
}

/** Returns problem lines (a provider that could not be asked, an addition that failed). */
export async function checkProviders(
  ctx: AppContext<unknown>,
  o: ProviderCheckOptions,
  window: { from: string; to: string },
): Promise<string[]> {
  if (!o.providerCheck) return [];
  const range = { from: window.from, to: `${window.to.slice(0, 4)}-12-31`, exchanges: o.exchanges };
  let report: { exchanges: HolidayDiff[] | null };
  try {
    report = await ctx.holidays.diff(range);
  } catch (err) {
    return [`holiday providers: ${reason(err)}`];
  }
  if (report.exchanges === null) {
    ctx.log.debug('no holiday provider configured; provider check skipped');
    return [];
  }
  const problems: string[] = [];
  const differences: Difference[] = [];
  for (const d of report.exchanges) {
    for (const a of d.added) {
      const key = `added ${a.exchange} ${a.date} ${a.name}`;
      const text = `${a.exchange} ${a.date} ${a.name}: 제공자(${a.source})에만 있음`;
      if (!o.autoApply) {
        differences.push({ key, text });
        continue;
      }
      try {
        await ctx.holidays.add({ exchange: a.exchange, date: a.date, name: a.name, source: a.source });
        differences.push({ key, text: `${text} → 휴장일로 추가함`, applied: true });
      } catch (err) {
        problems.push(`adding ${a.exchange} ${a.date} ${a.name}: ${reason(err)}`);
        differences.push({ key, text });
      }
    }
    for (const r of d.removed) {
      differences.push({
        key: `removed ${r.exchange} ${r.date} ${r.name}`,
        text: `${r.exchange} ${r.date} ${r.name}: 달력에만 있음`,
      });
    }
    for (const n of d.renamed) {
      const key = `renamed ${n.exchange} ${n.date} ${n.from} ${n.to}`;
      differences.push({ key, text: `${n.exchange} ${n.date} 이름 다름: ${n.from} → ${n.to} (${n.source})` });
    }
  }
  await reportDifferences(ctx, o, range, differences);
  return problems;
}

/** Alerts what is new since the last check (applied additions always); remembers the rest. */
async function reportDifferences(
  ctx: AppContext<unknown>,
  o: ProviderCheckOptions,
  range: { from: string; to: string },
  differences: Difference[],
): Promise<void> {
  const told = new Set((await ctx.store.get<string[]>(SEEN_KEY)) ?? []);
  const fresh = differences.filter((d) => d.applied || !told.has(d.key));
  await ctx.store.set(
    SEEN_KEY,
    differences.filter((d) => !d.applied).map((d) => d.key),
  );
  ctx.log.info(
    { differences: differences.length, new: fresh.length, ...range },
    'holiday providers compared',
  );
  if (!fresh.length || !o.target) return;
  const open = fresh.some((d) => !d.applied);
  const message: PortableMessage = {
    title: '휴장일 제공자 차이',
    text: [
      `${range.from}~${range.to} 휴장일 제공자와 달력이 다릅니다:`,
      ...fresh.map((d) => `- ${d.text}`),
      ...(open ? ['확인 후 opsbot holiday add|update|remove 로 반영하세요.'] : []),
    ].join('\n'),
    severity: open ? 'warning' : 'info',
  };
  await ctx.notify(o.target, message);
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Today of the earliest exchange, and the end of the look-ahead window. */
export function windowOf(covered: Array<{ today: string }>, days: number): { from: string; to: string } {
  const from = covered.map((x) => x.today).sort()[0]!;
  return { from, to: addDays(from, days) };
}
