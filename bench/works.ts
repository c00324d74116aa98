// NAVER WORKS on the real daemon: callbacks on POST /hooks/works (signature over the raw bytes,
// dedupe, inbox, ack) and sends through the outbox to the emulator, unlimited and at 240/min.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { spacedJson, startWorksEmulator, type WorksEmulator } from '../src/sandbox/naverworks/index.ts';
import type { HookFlavour } from './hooks.ts';
import { BenchProject, isMain, log, until } from './lib.ts';

const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-client-secret';
const BOT_ID = '2000001';
const BOT_SECRET = 'bench-bot-secret';
const SERVICE_ACCOUNT = 'bench.serviceaccount@example.com';

/** The NAVER WORKS callback shape, signed as the platform signs it (base64 HMAC over the raw body). */
export const WORKS_FLAVOUR: HookFlavour = {
  connection: 'works',
  yaml: [
    '  works:',
    '    type: naverworks',
    `    clientId: ${CLIENT_ID}`,
    `    clientSecret: ${CLIENT_SECRET}`,
    `    botId: "${BOT_ID}"`,
    `    botSecret: ${BOT_SECRET}`,
  ],
  env: {},
  sign(id) {
    // issuedTime differs per event: the platform sends no event id, so the body is what dedupes.
    const event = {
      type: 'message',
      source: { userId: 'u1', channelId: 'bench', domainId: 10000001 },
      issuedTime: id,
      content: { type: 'text', text: '안녕하세요 bench' },
    };
    const body = Buffer.from(spacedJson(event));
    const signature = createHmac('sha256', BOT_SECRET).update(body).digest('base64');
    return {
      path: '/hooks/works',
      body,
      headers: { 'x-works-botid': BOT_ID, 'x-works-signature': signature },
    };
  },
};

export interface SendPhase {
  label: string;
  /** Connection rate limit (sends per minute) in the config; the emulator enforces the same when set. */
  perMinute: number;
  messages: number;
  seconds: number;
  /** Delivered messages per second, from the enqueue request to the last arrival. */
  rate: number;
  /** Messages per minute between the first and the last arrival. */
  perMinuteObserved: number;
  /** The same after the limiter's initial burst (limited phase only). */
  perMinuteSteady: number | undefined;
  /** Distinct messages that arrived, and arrivals beyond those. */
  delivered: number;
  duplicates: number;
  throttled: number;
}

export interface WorksSendResult {
  unlimited: SendPhase;
  limited: SendPhase;
}

const SEND_APP = `import { defineApp, z } from 'opsbot';
export default defineApp({
  async start(ctx) {
    ctx.route('POST', '/send', async (req) => {
      const { n, to } = z.object({ n: z.number().int().positive(), to: z.string() }).parse(req.body);
      for (let i = 0; i < n; i += 100) {
        const batch = [];
        for (let j = i; j < Math.min(n, i + 100); j++) batch.push(ctx.notify(to, { title: 'bench', text: 'message ' + j }));
        await Promise.all(batch);
      }
      return { status: 202, body: { queued: n } };
    });
  },
});
`;

/** A service-account client, a bot and one channel for the emulator, with the key pair the connection signs with. */
export function benchTenant(channelId: string) {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const tenant = {
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        serviceAccount: SERVICE_ACCOUNT,
        publicKeyPem: keys.publicKey,
      },
    ],
    bots: [{ botId: BOT_ID, botSecret: BOT_SECRET }],
    channels: [{ channelId, botId: BOT_ID, members: ['u1'] }],
  };
  return { tenant, privateKey: keys.privateKey };
}

/** The `connections:` entry (YAML lines) of a service-account connection to that tenant. */
export function connection(
  name: string,
  emu: WorksEmulator,
  privateKeyFile: string,
  rateLimit?: number,
): string[] {
  return [
    `  ${name}:`,
    '    type: naverworks',
    `    clientId: ${CLIENT_ID}`,
    `    clientSecret: ${CLIENT_SECRET}`,
    `    serviceAccount: ${SERVICE_ACCOUNT}`,
    `    privateKey: \${file:${privateKeyFile}}`,
    `    botId: "${BOT_ID}"`,
    `    apiUrl: ${emu.apiUrl}`,
    `    authUrl: ${emu.authUrl}`,
    ...(rateLimit ? [`    rateLimit: ${rateLimit}`] : []),
  ];
}

async function phase(
  url: string,
  emu: WorksEmulator,
  opts: { label: string; connection: string; perMinute: number; messages: number },
): Promise<SendPhase> {
  log(`works send (${opts.label}): ${opts.messages} messages`);
  const t0 = Date.now();
  const res = await fetch(`${url}/apps/sender/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ n: opts.messages, to: `${opts.connection}/channel/bench` }),
  });
  if (res.status !== 202) throw new Error(`the sender app answered ${res.status}`);
  await until(
    `${opts.messages} deliveries`,
    async () => (emu.state.messages.length >= opts.messages ? true : undefined),
    opts.messages * 1000,
  );
  const times = emu.state.messages.map((m) => m.receivedAt).sort((a, b) => a - b);
  const first = times[0] ?? t0;
  const last = times.at(-1) ?? t0;
  // The limiter lets a 3-second burst through first; the steady rate is measured after it.
  const burst = Math.ceil((opts.perMinute / 60) * 3);
  const steady = times.slice(burst);
  const seconds = (last - t0) / 1000;
  const unique = new Set(emu.state.messages.map((m) => JSON.stringify(m.content))).size;
  return {
    label: opts.label,
    perMinute: opts.perMinute,
    messages: opts.messages,
    seconds,
    rate: opts.messages / seconds,
    perMinuteObserved: perMinute(times.length, first, last),
    perMinuteSteady: opts.perMinute ? perMinute(steady.length, steady[0] ?? first, last) : undefined,
    delivered: unique,
    duplicates: emu.state.messages.length - unique,
    throttled: emu.state.requests.filter((r) => r.status === 429).length,
  };
}

/** Arrivals per minute over the gaps between `count` arrivals from `from` to `to`. */
function perMinute(count: number, from: number, to: number): number {
  return to > from ? ((count - 1) / ((to - from) / 1000)) * 60 : Number.NaN;
}

export async function benchWorksSend(
  options: { unlimited?: number; limited?: number } = {},
): Promise<WorksSendResult> {
  const { unlimited = 2000, limited = 80 } = options;
  const { tenant, privateKey } = benchTenant('bench');
  const open = await startWorksEmulator(tenant);
  // The documented plan limit, enforced by the emulator too: a client that overshoots gets 429s.
  const strict = await startWorksEmulator({ ...tenant, rateLimit: { perMinute: 240 } });
  const project = new BenchProject('opsbot-bench-works-');
  try {
    project.write('works.key', privateKey);
    project.write('sender.ts', SEND_APP);
    project.write(
      'opsbot.yaml',
      [
        'timezone: UTC',
        'dataDir: ./data',
        'http: { port: 0 }',
        'connections:',
        // "No limit": far above what one machine can send.
        ...connection('fast', open, project.path('works.key'), 10_000_000),
        ...connection('limited', strict, project.path('works.key')),
        'apps:',
        '  sender: { use: ./sender.ts }',
        '',
      ].join('\n'),
    );
    const { url } = await project.start();
    await until(
      'the sender app',
      async () => ((await project.status()).apps[0]?.state === 'running' ? true : undefined),
      30_000,
    );
    return {
      unlimited: await phase(url, open, {
        label: 'no rate limit',
        connection: 'fast',
        perMinute: 0,
        messages: unlimited,
      }),
      limited: await phase(url, strict, {
        label: '240/min',
        connection: 'limited',
        perMinute: 240,
        messages: limited,
      }),
    };
  } finally {
    await project.dispose();
    await open.close();
    await strict.close();
  }
}

if (isMain(import.meta.url)) {
  const r = await benchWorksSend();
  for (const p of [r.unlimited, r.limited]) {
    process.stdout.write(
      `${p.label}: ${p.delivered}/${p.messages} delivered in ${p.seconds.toFixed(1)} s → ${p.rate.toFixed(0)}/s ` +
        `(${p.perMinuteObserved.toFixed(0)}/min first to last arrival` +
        `${p.perMinuteSteady === undefined ? '' : `, ${p.perMinuteSteady.toFixed(0)}/min after the burst`}), ` +
        `duplicates ${p.duplicates}, 429s: ${p.throttled}\n`,
    );
  }
}
