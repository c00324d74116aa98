// Result rows of the NAVER WORKS and ops-watcher benchmarks (run.ts renders them).
import { log } from './lib.ts';
import type { MarketAlertResult } from './market-alert.ts';
import type { NetworkResult } from './network.ts';
import type { SendPhase, WorksSendResult } from './works.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export async function attempt<T>(name: string, run: () => Promise<T>): Promise<Outcome<T>> {
  const started = Date.now();
  try {
    const value = await run();
    log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return { ok: true, value };
  } catch (err) {
    // One failing benchmark must not hide the others' figures; the failure is reported instead.
    const error = err instanceof Error ? err.message : String(err);
    // "not available" (a feature this build lacks) is reported as such, not as a failure.
    log(error.startsWith('not available') ? `${name}: ${error}` : `${name} FAILED: ${error}`);
    return { ok: false, error };
  }
}

export interface Row {
  what: string;
  figure: string;
  target: string;
  /** undefined: no target. */
  met?: boolean;
  /** A correctness check (the writes happened, duplicates were dropped) rather than a speed target. */
  check?: boolean;
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function worksSendRows(r: Outcome<WorksSendResult>): Row[] {
  if (!r.ok)
    return [{ what: 'NAVER WORKS sends through the outbox', figure: `failed: ${r.error}`, target: '' }];
  const row = (p: SendPhase): Row[] => [
    {
      what: `NAVER WORKS sends through the outbox to the emulator, ${p.label}: ${int(p.messages)} messages`,
      figure:
        `${int(p.rate)} msg/s (${p.seconds.toFixed(1)} s; ${int(p.perMinuteObserved)}/min first to last` +
        `${p.perMinuteSteady === undefined ? '' : `, ${int(p.perMinuteSteady)}/min after the burst`})`,
      target: p.perMinute ? `≤ ${p.perMinute}/min steady` : '',
      met: p.perMinuteSteady === undefined ? undefined : p.perMinuteSteady <= p.perMinute * 1.02,
    },
    {
      what: '… delivered exactly once, no 429 from the emulator',
      figure: `${int(p.delivered)} of ${int(p.messages)}, ${p.duplicates} duplicates, ${p.throttled} × 429`,
      target: 'all, 0, 0',
      met: p.delivered === p.messages && p.duplicates === 0 && p.throttled === 0,
      check: true,
    },
  ];
  return [...row(r.value.unlimited), ...row(r.value.limited)];
}

export function marketAlertRows(r: Outcome<MarketAlertResult>): Row[] {
  if (!r.ok) return [{ what: 'market-alert', figure: `failed: ${r.error}`, target: '' }];
  const { ingest: i, burst: b } = r.value;
  return [
    {
      what: `market-alert, FEP over TCP, ${int(i.alerts)} alerts on ${i.connections} connections: stored (acknowledged) / routed to the outbox`,
      figure: `${int(i.storedPerSecond)} / ${int(i.routedPerSecond)} alerts/s`,
      target: '',
    },
    {
      what: `market-alert, a burst of ${int(b.alerts)} alerts to the last message the NAVER WORKS emulator accepted`,
      figure: `${b.seconds.toFixed(1)} s`,
      target: '',
    },
    {
      what: '… delivered exactly once',
      figure: `${int(b.delivered)} of ${int(b.alerts)}, ${b.duplicates} duplicates`,
      target: 'all, 0',
      met: b.delivered === b.alerts && b.duplicates === 0,
      check: true,
    },
  ];
}

export function networkRows(r: Outcome<NetworkResult>): Row[] {
  if (!r.ok) return [{ what: 'network-checker poll cycle', figure: `failed: ${r.error}`, target: '' }];
  const n = r.value;
  return [
    {
      what: `network-checker, one SNMP poll cycle over ${int(n.devices)} emulated devices (${n.portsPerDevice} ports each, concurrency ${n.concurrency})`,
      figure: `${n.seconds.toFixed(2)} s`,
      target: '',
    },
    {
      what: '… one port set down before the cycle: alerts',
      figure: String(n.alerts),
      target: '1',
      met: n.alerts === 1,
      check: true,
    },
  ];
}
