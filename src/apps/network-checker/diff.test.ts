import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../sdk/testing/index.ts';
import { type DiffSettings, evaluate } from './diff.ts';
import { inQuietHours } from './quiet.ts';
import type { DeviceState, PollResult, PortState } from './types.ts';

const settings: DiffSettings = {
  flap: { changes: 3, windowMs: 10 * 60_000 },
  description: false,
  failuresBeforeAlert: 1,
};

const up = (extra: Partial<PortState> = {}): PortState => ({
  status: 'connected',
  up: true,
  speed: '1000',
  duplex: 'full',
  vlan: '10',
  ...extra,
});
const down = (extra: Partial<PortState> = {}): PortState => ({
  status: 'notconnect',
  up: false,
  speed: 'auto',
  duplex: 'auto',
  vlan: '10',
  ...extra,
});

/** Feeds polls through evaluate() like the app does, keeping the state between them. */
function device(clock: FakeClock, s: DiffSettings = settings) {
  let state: DeviceState | undefined;
  return {
    poll(result: PollResult) {
      const out = evaluate({
        device: 'sw1',
        host: '10.0.0.1',
        previous: state,
        result,
        now: clock.now(),
        settings: s,
      });
      state = out.state;
      return out.alerts.map((a) => `${a.kind}${a.port ? ` ${a.port}` : ''}`);
    },
    ports(ports: Record<string, PortState>, uptimeTicks?: number) {
      return this.poll({ ok: true, poll: { ports, ...(uptimeTicks === undefined ? {} : { uptimeTicks }) } });
    },
    get state() {
      return state;
    },
  };
}

describe('evaluate', () => {
  it('records the first poll without alerts, then alerts one per change', () => {
    const clock = new FakeClock();
    const d = device(clock);
    expect(d.ports({ 'Gi0/1': up(), 'Gi0/2': up(), 'Gi0/3': up() })).toEqual([]);
    expect(d.ports({ 'Gi0/1': down(), 'Gi0/2': up({ vlan: '20' }), 'Gi0/3': up({ speed: '100' }) })).toEqual([
      'port-down Gi0/1',
      'vlan Gi0/2',
      'speed Gi0/3',
    ]);
    expect(
      d.ports({ 'Gi0/1': up(), 'Gi0/2': up({ vlan: '20' }), 'Gi0/3': up({ speed: '100', duplex: 'half' }) }),
    ).toEqual(['port-up Gi0/1', 'duplex Gi0/3']);
  });

  it('ignores speed/duplex of down ports, reports other status words, descriptions only when asked', () => {
    const clock = new FakeClock();
    const d = device(clock);
    d.ports({ 'Gi0/1': down(), 'Gi0/2': up({ name: 'a' }) });
    expect(
      d.ports({ 'Gi0/1': down({ status: 'err-disabled', speed: '10' }), 'Gi0/2': up({ name: 'b' }) }),
    ).toEqual(['status Gi0/1']);
    const e = device(clock, { ...settings, description: true });
    e.ports({ 'Gi0/2': up({ name: 'a' }) });
    expect(e.ports({ 'Gi0/2': up({ name: 'b' }) })).toEqual(['description Gi0/2']);
  });

  it('alerts ports that appear and disappear', () => {
    const d = device(new FakeClock());
    d.ports({ 'Gi0/1': up() });
    expect(d.ports({ 'Gi0/1': up(), 'Gi0/2': up() })).toEqual(['port-added Gi0/2']);
    expect(d.ports({ 'Gi0/2': up() })).toEqual(['port-removed Gi0/1']);
  });

  it('turns a flapping port into one flapping alert, silence, then one stable alert', async () => {
    const clock = new FakeClock();
    const d = device(clock);
    d.ports({ 'Gi0/1': up(), 'Gi0/2': up() });
    const seen: string[][] = [];
    for (let i = 0; i < 8; i++) {
      await clock.advance(60_000);
      seen.push(d.ports({ 'Gi0/1': i % 2 ? up() : down(), 'Gi0/2': up() }));
    }
    expect(seen).toEqual([['port-down Gi0/1'], ['port-up Gi0/1'], ['flapping Gi0/1'], [], [], [], [], []]);
    // Quiet, but not yet for a whole window since the last change.
    await clock.advance(5 * 60_000);
    expect(d.ports({ 'Gi0/1': up(), 'Gi0/2': up() })).toEqual([]);
    await clock.advance(5 * 60_000);
    expect(d.ports({ 'Gi0/1': up(), 'Gi0/2': up() })).toEqual(['stable Gi0/1']);
    await clock.advance(60_000);
    expect(d.ports({ 'Gi0/1': down(), 'Gi0/2': up() })).toEqual(['port-down Gi0/1']);
  });

  it('does not call slow changes flapping', async () => {
    const clock = new FakeClock();
    const d = device(clock);
    d.ports({ 'Gi0/1': up() });
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) {
      await clock.advance(6 * 60_000);
      kinds.push(...d.ports({ 'Gi0/1': i % 2 ? up() : down() }));
    }
    expect(kinds).not.toContain('flapping Gi0/1');
    expect(kinds).toHaveLength(6);
  });

  it('alerts unreachable once, then recovered, keeping the last ports', async () => {
    const clock = new FakeClock();
    const d = device(clock);
    d.ports({ 'Gi0/1': up() });
    expect(d.poll({ ok: false, error: 'timeout' })).toEqual(['unreachable']);
    expect(d.poll({ ok: false, error: 'timeout' })).toEqual([]);
    expect(d.state?.failures).toBe(2);
    await clock.advance(120_000);
    expect(d.ports({ 'Gi0/1': down() })).toEqual(['recovered', 'port-down Gi0/1']);
  });

  it('waits for failuresBeforeAlert failures in a row', () => {
    const d = device(new FakeClock(), { ...settings, failuresBeforeAlert: 3 });
    d.ports({ 'Gi0/1': up() });
    expect(d.poll({ ok: false, error: 'x' })).toEqual([]);
    expect(d.poll({ ok: false, error: 'x' })).toEqual([]);
    expect(d.ports({ 'Gi0/1': up() })).toEqual([]);
    expect([d.poll({ ok: false, error: 'x' }), d.poll({ ok: false, error: 'x' })]).toEqual([[], []]);
    expect(d.poll({ ok: false, error: 'x' })).toEqual(['unreachable']);
  });

  it('alerts a reboot when sysUpTime goes backwards', () => {
    const d = device(new FakeClock());
    d.ports({ 'Gi0/1': up() }, 500_000);
    expect(d.ports({ 'Gi0/1': up() }, 506_000)).toEqual([]);
    expect(d.ports({ 'Gi0/1': up() }, 1200)).toEqual(['reboot']);
  });
});

describe('inQuietHours', () => {
  const at = (iso: string) => new Date(iso).getTime();
  it('handles plain and midnight-wrapping windows and time zones', () => {
    const night = { from: '00:00', to: '06:00' };
    expect(inQuietHours(at('2026-01-05T00:00:00Z'), night)).toBe(true);
    expect(inQuietHours(at('2026-01-05T05:59:00Z'), night)).toBe(true);
    expect(inQuietHours(at('2026-01-05T06:00:00Z'), night)).toBe(false);
    const wrap = { from: '22:00', to: '07:00', timezone: 'Asia/Seoul' };
    expect(inQuietHours(at('2026-01-05T13:30:00Z'), wrap)).toBe(true); // 22:30 KST
    expect(inQuietHours(at('2026-01-05T21:59:00Z'), wrap)).toBe(true); // 06:59 KST
    expect(inQuietHours(at('2026-01-05T22:00:00Z'), wrap)).toBe(false); // 07:00 KST
    expect(inQuietHours(at('2026-01-05T03:00:00Z'), undefined)).toBe(false);
  });
});
