// The "Lighter and faster" rows: each figure beside its reference measured in the same run, their
// ratio and the target. run.ts prints them and writes them to BENCHMARKS.md.
import type { HooksResult } from './hooks.ts';
import { type IdleRssResult, NOT_AVAILABLE } from './idle-rss.ts';
import { ms } from './lib.ts';
import type { CliStartupResult, TestRun } from './lighter.ts';
import type { MarketAlertResult } from './market-alert.ts';
import type { Pm2Result } from './pm2.ts';
import { int, type Outcome } from './rows.ts';
import { median } from './timing.ts';

export const TARGETS = {
  memoryProcess: 1.0,
  memoryThread: 0.35,
  status: 1.0,
  helpMs: 150,
  startS: 3,
  hooksClosed: 0.5,
  openP99Ms: 10,
  alertsPerSecond: 1000,
  testMinutes: 4,
};

export interface RatioRow {
  what: string;
  measured: string;
  reference: string;
  ratio: string;
  target: string;
  /** undefined: no target, or nothing measured. */
  met?: boolean;
}

/** What a run measured; a section left out with `--only` is absent and gives no rows. */
export interface LighterInputs {
  rss?: Outcome<IdleRssResult>;
  rssThread?: Outcome<IdleRssResult>;
  pm2?: Outcome<Pm2Result>;
  cli?: Outcome<CliStartupResult>;
  hooks?: Outcome<HooksResult>;
  hooksPg?: Outcome<HooksResult>;
  market?: Outcome<MarketAlertResult>;
  tests?: Outcome<TestRun | undefined>;
}

const mib = (n: number) => `${n.toFixed(1)} MiB`;
const times = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');
const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`;
const medianMs = (samples: number[]) => `${ms(median(samples), 0)} (median of ${samples.length})`;

/** A row that could not be measured: the reason stands in the Measured column. */
function missing(what: string, error: string, reference = '', target = ''): RatioRow {
  const text = error.startsWith(NOT_AVAILABLE) ? error : `failed: ${error}`;
  return { what, measured: text, reference, ratio: '', target, met: undefined };
}

function pm2Reference(p: Outcome<Pm2Result> | undefined): string {
  if (!p) return 'not run';
  if (!p.ok) return `PM2 failed: ${p.error}`;
  return `PM2 ${p.value.version}: ${mib(p.value.tree.rssMiB)} (PSS ${mib(p.value.tree.pssMiB)})`;
}

function memoryRow(
  label: string,
  r: Outcome<IdleRssResult>,
  p: Outcome<Pm2Result> | undefined,
  target: number,
) {
  const what = `Memory, daemon + 10 idle apps, ${label}: sum of VmRSS (PSS) · reference: PM2 daemon + 10 idle scripts`;
  const goal = `≤ ${target.toFixed(2)}×`;
  if (!r.ok) return missing(what, r.error, pm2Reference(p), goal);
  const v = r.value.tree;
  const measured = `${mib(v.rssMiB)} (PSS ${mib(v.pssMiB)}), ${v.processes} processes`;
  if (!p?.ok) return { what, measured, reference: pm2Reference(p), ratio: '', target: goal };
  const ratio = v.rssMiB / p.value.tree.rssMiB;
  const pssRatio = v.pssMiB / p.value.tree.pssMiB;
  return {
    what,
    measured,
    reference: pm2Reference(p),
    ratio: `${times(ratio)} (PSS ${times(pssRatio)})`,
    target: goal,
    met: ratio <= target,
  };
}

function footprintRows(i: LighterInputs): RatioRow[] {
  const rows: RatioRow[] = [];
  if (i.rss) rows.push(memoryRow('`isolation: process`', i.rss, i.pm2, TARGETS.memoryProcess));
  if (i.rssThread) rows.push(memoryRow('`isolation: thread`', i.rssThread, i.pm2, TARGETS.memoryThread));
  if (!i.rss) return rows;
  const p = i.pm2?.ok ? i.pm2.value : undefined;
  const status = 'CLI: `opsbot status --json` wall time, daemon with 10 idle apps · reference: `pm2 jlist`';
  const start = 'Start: `opsbot start` with 10 apps, until it returns · reference: `pm2 start` of 10 scripts';
  const running =
    '… until `opsbot status --json` shows all 10 running · reference: until `pm2 jlist` shows all online';
  if (!i.rss.ok) return [...rows, missing(status, i.rss.error), missing(start, i.rss.error)];
  const r = i.rss.value;
  const ratio = (a: number, b: number | undefined) => (b === undefined ? '' : times(a / b));
  const statusRatio = p ? median(r.statusMs) / median(p.jlistMs) : undefined;
  rows.push(
    {
      what: status,
      measured: medianMs(r.statusMs),
      reference: p ? medianMs(p.jlistMs) : pm2Reference(i.pm2),
      ratio: ratio(median(r.statusMs), p && median(p.jlistMs)),
      target: `≤ ${TARGETS.status.toFixed(2)}×`,
      ...(statusRatio === undefined ? {} : { met: statusRatio <= TARGETS.status }),
    },
    {
      what: start,
      measured: seconds(r.startReturnMs),
      reference: p ? seconds(p.startReturnMs) : pm2Reference(i.pm2),
      ratio: ratio(r.startReturnMs, p?.startReturnMs),
      target: `< ${TARGETS.startS} s`,
      met: r.startReturnMs < TARGETS.startS * 1000,
    },
    {
      what: running,
      measured: seconds(r.allRunningMs),
      reference: p ? seconds(p.allOnlineMs) : pm2Reference(i.pm2),
      ratio: ratio(r.allRunningMs, p?.allOnlineMs),
      target: '',
    },
  );
  return rows;
}

function cliRows(c: Outcome<CliStartupResult>): RatioRow[] {
  const what = 'CLI: `opsbot --help` wall time (bin/opsbot) · reference: `node -e 0`, same Node';
  const target = `< ${TARGETS.helpMs} ms`;
  if (!c.ok) return [missing(what, c.error, '', target)];
  const help = median(c.value.helpMs);
  return [
    {
      what,
      measured: medianMs(c.value.helpMs),
      reference: medianMs(c.value.nodeMs),
      ratio: times(help / median(c.value.nodeMs)),
      target,
      met: help < TARGETS.helpMs,
    },
  ];
}

function openLoopRow(store: string, h: Outcome<HooksResult>, floor: HooksResult['floor']): RatioRow {
  const what = `Webhook: \`POST /hooks/sandbox\`, open loop at 1,000 req/s on ${store}: ack p99 · reference: bare node:http, same load`;
  const target = `p99 < ${TARGETS.openP99Ms} ms`;
  if (!h.ok) return missing(what, h.error, '', target);
  const o = h.value.open;
  const held = o.achievedRate >= o.targetRate * 0.99 && o.errors === 0;
  return {
    what,
    measured: `${ms(o.latency.p99)} (${int(o.achievedRate)} req/s, ${o.errors} errors)`,
    reference: floor ? ms(floor.latency.p99) : '',
    ratio: floor ? times(o.latency.p99 / floor.latency.p99) : '',
    target,
    met: held && o.latency.p99 < TARGETS.openP99Ms,
  };
}

function hooksRows(i: LighterInputs): RatioRow[] {
  const rows: RatioRow[] = [];
  const floor = i.hooks?.ok ? i.hooks.value.floor : undefined;
  if (i.hooks) {
    const what =
      'Webhook: `POST /hooks/sandbox`, closed loop (32 connections): throughput · reference: bare node:http, same client and connections';
    const target = `≥ ${TARGETS.hooksClosed.toFixed(2)}×`;
    const h = i.hooks;
    if (!h.ok) rows.push(missing(what, h.error, '', target));
    else if (h.value.closed && h.value.floorClosed) {
      const ratio = h.value.closed.rate / h.value.floorClosed.rate;
      rows.push({
        what,
        measured: `${int(h.value.closed.rate)} req/s`,
        reference: `${int(h.value.floorClosed.rate)} req/s`,
        ratio: times(ratio),
        target,
        met: ratio >= TARGETS.hooksClosed,
      });
    }
    rows.push(openLoopRow('SQLite', h, floor));
  }
  if (i.hooksPg) rows.push(openLoopRow('Postgres', i.hooksPg, floor));
  return rows;
}

function marketRow(m: Outcome<MarketAlertResult>): RatioRow {
  const what =
    'market-alert: a burst of 10,000 alerts, end to end (to the last message the NAVER WORKS emulator accepted)';
  const target = `≥ ${int(TARGETS.alertsPerSecond)} alerts/s`;
  if (!m.ok) return missing(what, m.error, '', target);
  const b = m.value.burst;
  const rate = b.alerts / b.seconds;
  return {
    what,
    measured: `${int(rate)} alerts/s (${b.seconds.toFixed(1)} s)`,
    reference: '',
    ratio: '',
    target,
    met: rate >= TARGETS.alertsPerSecond,
  };
}

function testsRow(t: Outcome<TestRun | undefined>): RatioRow {
  const what =
    'Test suite: the last `make test` in this checkout (scripts/run-tests records it; not run by the bench)';
  const target = `< ${TARGETS.testMinutes} min`;
  if (!t.ok) return missing(what, t.error, '', target);
  if (!t.value) return { what, measured: 'not measured', reference: '', ratio: '', target };
  const run = t.value;
  const when = `${run.ended.slice(0, 16).replace('T', ' ')} UTC${run.commit ? `, commit ${run.commit}` : ''}`;
  const m = Math.floor(run.seconds / 60);
  return {
    what,
    measured: `${m} min ${Math.round(run.seconds - m * 60)} s, ${run.passed ? 'passed' : 'FAILED'} (${when})`,
    reference: '',
    ratio: '',
    target,
    met: run.passed && run.seconds < TARGETS.testMinutes * 60,
  };
}

export function lighterRows(i: LighterInputs): RatioRow[] {
  return [
    ...footprintRows(i),
    ...(i.cli ? cliRows(i.cli) : []),
    ...hooksRows(i),
    ...(i.market ? [marketRow(i.market)] : []),
    ...(i.tests ? [testsRow(i.tests)] : []),
  ];
}

/** Whether a row's failure should fail the run: "not available" is a figure, not an error. */
export const failedRow = (r: RatioRow) => r.measured.startsWith('failed:');
