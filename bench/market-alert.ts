// market-alert on the real daemon: sustained FEP ingest over TCP (journaled, then routed into the
// outbox), and a 10,000-alert burst timed to the last message the NAVER WORKS emulator accepted.
import { sendFepFrames } from '../src/sandbox/load/alert-load.ts';
import { startWorksEmulator } from '../src/sandbox/naverworks/index.ts';
import { freePort } from '../test/helpers/works.ts';
import { BenchProject, isMain, log, until } from './lib.ts';
import { benchTenant, connection } from './works.ts';

export interface IngestResult {
  alerts: number;
  connections: number;
  /** Frames acknowledged (journaled) per second, first write to last ACK. */
  storedPerSecond: number;
  /** Alerts handed to the outbox per second, first write until the app had routed them all. */
  routedPerSecond: number;
}

export interface BurstResult {
  alerts: number;
  /** From the first frame written to the last message the emulator accepted. */
  seconds: number;
  delivered: number;
  duplicates: number;
}

export interface MarketAlertResult {
  ingest: IngestResult;
  burst: BurstResult;
}

async function counters(url: string): Promise<{ notified: number; accepted: number }> {
  const res = await fetch(`${url}/apps/market-alert/status`);
  return ((await res.json()) as { counters: { notified: number; accepted: number } }).counters;
}

export async function benchMarketAlert(
  options: { alerts?: number; burst?: number; connections?: number } = {},
) {
  const { alerts = 20_000, burst = 10_000, connections = 10 } = options;
  const { tenant, privateKey } = benchTenant('desk');
  const emu = await startWorksEmulator(tenant);
  const project = new BenchProject('opsbot-bench-market-alert-');
  try {
    const [ingestPort, burstPort] = [await freePort(), await freePort()];
    project.write('works.key', privateKey);
    project.write(
      'opsbot.yaml',
      [
        'timezone: UTC',
        'dataDir: ./data',
        'http: { port: 0 }',
        'connections:',
        '  local: { type: sandbox }',
        ...connection('works', emu, project.path('works.key'), 10_000_000),
        'apps:',
        '  market-alert:',
        '    use: builtin:market-alert',
        `    with: { target: local/channel/desk, coalesce: false, fep: { port: ${ingestPort}, ack: true } }`,
        '  burst-alert:',
        '    use: builtin:market-alert',
        `    with: { target: works/channel/desk, coalesce: false, fep: { port: ${burstPort}, ack: true } }`,
        '',
      ].join('\n'),
    );
    const { url } = await project.start();
    await until(
      'both apps running',
      async () => {
        const apps = (await project.status()).apps;
        return apps.every((a) => a.state === 'running') && apps.length === 2 ? true : undefined;
      },
      30_000,
    );

    log(`market-alert: ingest ${alerts} frames over ${connections} connections`);
    const t0 = performance.now();
    const sent = await sendFepFrames({
      port: ingestPort,
      connections,
      ack: true,
      window: 64,
      frames: Array.from({ length: alerts }, (_, i) => `ingest ${i}`),
    });
    const storedMs = performance.now() - t0;
    await until(
      'all routed',
      async () => ((await counters(url)).notified >= alerts ? true : undefined),
      600_000,
    );
    const routedMs = performance.now() - t0;
    if (sent.acked !== alerts) throw new Error(`only ${sent.acked} of ${alerts} frames were acknowledged`);

    log(`market-alert: burst of ${burst} to the NAVER WORKS emulator`);
    const b0 = Date.now();
    await sendFepFrames({
      port: burstPort,
      connections,
      ack: true,
      window: 64,
      frames: Array.from({ length: burst }, (_, i) => `burst ${i}`),
    });
    await until(
      'all accepted by the emulator',
      async () => (emu.state.messages.length >= burst ? true : undefined),
      900_000,
    );
    const last = Math.max(...emu.state.messages.map((m) => m.receivedAt));
    const unique = new Set(emu.state.messages.map((m) => JSON.stringify(m.content))).size;
    return {
      ingest: {
        alerts,
        connections,
        storedPerSecond: alerts / (storedMs / 1000),
        routedPerSecond: alerts / (routedMs / 1000),
      },
      burst: {
        alerts: burst,
        seconds: (last - b0) / 1000,
        delivered: unique,
        duplicates: emu.state.messages.length - unique,
      },
    } satisfies MarketAlertResult;
  } finally {
    await project.dispose();
    await emu.close();
  }
}

if (isMain(import.meta.url)) {
  const r = await benchMarketAlert();
  process.stdout.write(
    `ingest: ${r.ingest.alerts} alerts over ${r.ingest.connections} connections → ${r.ingest.storedPerSecond.toFixed(0)}/s stored, ` +
      `${r.ingest.routedPerSecond.toFixed(0)}/s routed\n` +
      `burst: ${r.burst.alerts} alerts → last accepted by the emulator after ${r.burst.seconds.toFixed(1)} s ` +
      `(${r.burst.delivered} distinct, ${r.burst.duplicates} duplicates)\n`,
  );
}
