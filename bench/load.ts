// The load generator of the webhook benchmarks: signed POSTs sent open loop (at fixed instants)
// or closed loop (each connection sends its next request when the previous one is answered), and
// the floor: a bare node:http server that only answers 200.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type CpuShares, cpuBetween, cpuSample, summarize } from './lib.ts';

/** How long the bench waits for answers still outstanding after the last send. */
const DRAIN_MS = 30_000;

/** What the machine did during a phase: the load generator shares it with the server. */
export interface PhaseConditions extends CpuShares {
  /** p99 of the load generator's own event-loop delay: time that counts as latency but is ours. */
  senderLagP99: number;
}

/** One ready-to-send callback: the path, its body and the headers that sign it. */
export interface Signed {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

/** One POST; `done` gets the HTTP status, or 0 when the request failed without an answer. */
export function post(agent: Agent, url: URL, event: Signed, done: (status: number) => void): void {
  let settled = false;
  const finish = (status: number) => {
    if (settled) return;
    settled = true;
    done(status);
  };
  const req = request(
    {
      agent,
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: event.path,
      headers: {
        'content-type': 'application/json',
        'content-length': event.body.length,
        ...event.headers,
      },
    },
    (res) => {
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('error', () => finish(0));
      res.resume();
    },
  );
  req.on('error', () => finish(0));
  req.end(event.body);
}

export const postAsync = (agent: Agent, url: URL, event: Signed) =>
  new Promise<number>((resolve) => post(agent, url, event, resolve));

/** The floor: a server with nothing to do, in its own process like the daemon. */
const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"ok":true}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

export async function withBareServer<T>(run: (url: URL, pid: number) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
    });
    return await run(new URL(`http://127.0.0.1:${port}`), child.pid ?? 0);
  } finally {
    child.kill();
  }
}

/** Runs `phase` while watching the machine's CPU and this process's event-loop delay. */
export async function watched<T>(serverPid: number, phase: () => Promise<T>): Promise<T & PhaseConditions> {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const before = cpuSample(serverPid);
  const result = await phase();
  const cpu = cpuBetween(before, cpuSample(serverPid));
  lag.disable();
  return { ...result, ...cpu, senderLagP99: lag.percentile(99) / 1e6 };
}

/**
 * Sends `rate` requests per second, each at its own scheduled instant whether or not earlier ones
 * were answered (as independent senders would), so a slow server shows up as latency. The first
 * `warmSeconds` run on the same connections but are not measured: they open the keep-alive
 * connections and let the JIT settle, so the figures describe the steady state.
 */
export async function openLoop(
  url: URL,
  sign: (id: string) => Signed,
  prefix: string,
  rate: number,
  warmSeconds: number,
  seconds: number,
) {
  const warm = rate * warmSeconds;
  const total = warm + rate * seconds;
  // Signed before the clock starts, and answered through plain callbacks, so the sender's own
  // work (which shares the two cores with the daemon) stays small.
  const events = Array.from({ length: total }, (_, i) =>
    sign(i < warm ? `warm-${prefix}${i}` : `${prefix}${i - warm}`),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const latencies = new Float64Array(total - warm).fill(Number.NaN);
  let answered = 0;
  let ok = 0;
  let errors = 0;
  let lastAnswer = 0;
  let allAnswered!: () => void;
  const drained = new Promise<boolean>((resolve) => {
    allAnswered = () => resolve(true);
    setTimeout(() => resolve(false), ((total / rate) * 1000 + DRAIN_MS) | 0).unref();
  });
  const interval = 1000 / rate;
  const t0 = performance.now();
  let sent = 0;
  const tick = () => {
    const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
    for (; sent < due; sent++) {
      const i = sent;
      const scheduled = t0 + i * interval;
      post(agent, url, events[i]!, (status) => {
        if (i >= warm) {
          lastAnswer = performance.now();
          if (status === 200) {
            ok++;
            latencies[i - warm] = lastAnswer - scheduled;
          } else errors++;
        }
        if (++answered === total) allAnswered();
      });
    }
    if (sent < total) setTimeout(tick, 1);
  };
  tick();
  const complete = await drained;
  agent.destroy();
  const measured = total - warm;
  return {
    sent: measured,
    ok,
    // Requests still unanswered when the bench stopped waiting count as errors.
    errors: complete ? errors : measured - ok,
    achievedRate: ok / ((lastAnswer - (t0 + warm * interval)) / 1000),
    latency: summarize(latencies.filter((v) => !Number.isNaN(v))),
  };
}

/** `connections` senders, each sending its next request as soon as the previous one is answered. */
export async function closedLoop(
  url: URL,
  sign: (id: string) => Signed,
  prefix: string,
  connections: number,
  seconds: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const sender = async () => {
    while (performance.now() < end) {
      const event = sign(`${prefix}${next++}`);
      const start = performance.now();
      const status = await postAsync(agent, url, event);
      if (status === 200) latencies.push(performance.now() - start);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: connections }, sender));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { ok: latencies.length, errors, rate: latencies.length / elapsed, latency: summarize(latencies) };
}
