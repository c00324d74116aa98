import { type AppContext, defineApp } from 'opsbot';
import { dryRunAware } from '../shared/dry-run.ts';
import { quietSummary } from './alerts.ts';
import { pollCli } from './cli.ts';
import { type DiffSettings, evaluate } from './diff.ts';
import { type Device, type Options, options } from './options.ts';
import { pollAll } from './pool.ts';
import { inQuietHours } from './quiet.ts';
import { pollSnmp } from './snmp.ts';
import type { Alert, DeviceState, Poll, PollResult } from './types.ts';

/**
 * The network checker (the old network_checker): polls every enabled device — SNMP IF-MIB, or
 * `show interface status` over SSH/telnet, optionally through a jump server — compares with the
 * state stored from the last run and alerts per change to `target`. Devices are polled in
 * parallel (`concurrency`), each under its own deadline, so a dead device never delays the rest.
 * In quiet hours nothing is sent but the state still moves on; with `quietHours.summary` the first
 * run after the window sends one message listing what was held back.
 */

type Ctx = AppContext<Options>;

const deviceKey = (name: string) => `device:${name}`;
const HELD_KEY = 'quiet:held';

interface Held {
  title: string;
  at: number;
}

export function pollDevice(device: Device, signal: AbortSignal): Promise<Poll> {
  return device.method === 'snmp' ? pollSnmp(device, signal) : pollCli(device, signal);
}

export default defineApp({
  description: 'switch port monitor: SNMP or Cisco CLI, alerts on port, speed, VLAN, reachability changes',
  options,
  schedule: { cron: '* * * * *', overlap: 'skip' },

  // A dry run polls the devices and logs the alerts it would send; the next real run still sees the old state.
  dryRun: true,

  async run(input) {
    const ctx = dryRunAware(input);
    const o = ctx.options;
    const devices = o.devices.filter((d) => d.enabled);
    const settings: DiffSettings = {
      flap: { changes: o.flap.changes, windowMs: o.flap.windowMinutes * 60_000 },
      description: o.descriptionChanges,
      failuresBeforeAlert: o.failuresBeforeAlert,
    };
    const alerts: Alert[] = [];
    // Each device is compared and stored as soon as its own poll ends.
    await pollAll(
      devices,
      { concurrency: o.concurrency, timeoutMs: (d) => d.timeoutMs ?? o.timeoutMs, signal: ctx.signal },
      async (device, signal) => {
        const result = await pollDevice(device, signal).then(
          (poll): PollResult => ({ ok: true, poll }),
          (err: unknown): PollResult => ({
            ok: false,
            error: signal.aborted ? reason(signal.reason) : reason(err),
          }),
        );
        alerts.push(...(await record(ctx, device, result, settings)));
      },
    );
    await deliver(ctx, alerts);
    // Devices taken out of the config leave no state behind.
    const configured = new Set(o.devices.map((d) => deviceKey(d.name)));
    for (const { key } of await ctx.store.list('device:')) {
      if (!configured.has(key)) await ctx.store.delete(key);
    }
  },
});

async function record(
  ctx: Ctx,
  device: Device,
  result: PollResult,
  settings: DiffSettings,
): Promise<Alert[]> {
  const key = deviceKey(device.name);
  const previous = await ctx.store.get<DeviceState>(key);
  const { state, alerts } = evaluate({
    device: device.name,
    host: device.host,
    previous,
    result,
    now: ctx.clock.now(),
    settings,
  });
  await ctx.store.set(key, state);
  if (result.ok) {
    ctx.log.debug({ device: device.name, ports: Object.keys(result.poll.ports).length }, 'device polled');
  } else {
    ctx.log.warn({ device: device.name, err: result.error }, 'device poll failed');
  }
  return alerts;
}

async function deliver(ctx: Ctx, alerts: Alert[]): Promise<void> {
  const o = ctx.options;
  const now = ctx.clock.now();
  const quiet = inQuietHours(now, o.quietHours);
  for (const a of alerts)
    ctx.log.info({ kind: a.kind, device: a.device, port: a.port, quiet }, a.message.title);
  if (quiet) {
    if (alerts.length && o.quietHours?.summary) {
      const held = (await ctx.store.get<Held[]>(HELD_KEY)) ?? [];
      held.push(...alerts.map((a) => ({ title: a.message.title ?? a.message.text, at: now })));
      await ctx.store.set(HELD_KEY, held);
    }
    return;
  }
  const held = await ctx.store.get<Held[]>(HELD_KEY);
  const out = [...(held?.length ? [quietSummary(held)] : []), ...alerts];
  if (held) await ctx.store.delete(HELD_KEY);
  if (!o.target) return;
  for (const a of out) await ctx.notify(o.target, a.message);
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
