// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${file:…}` references.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { startWorksEmulator, type WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { BOT, CLIENT, keys } from '../../src/sandbox/naverworks/testkit.ts';
import type { Project } from './cli.ts';
import { CLI_MAIN } from './runtime.ts';

/** End-to-end plumbing for NAVER WORKS: an emulator, a project config pointing at it, a CLI that streams. */

export { BOT, CLIENT, keys };

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export function startEmulator(
  gatewayPort: number,
  extra: Parameters<typeof startWorksEmulator>[0] | object = {},
) {
  return startWorksEmulator({
    clients: [
      {
        ...CLIENT,
        publicKeyPem: keys.publicKey,
        redirectUri: `http://127.0.0.1:${gatewayPort}/oauth/works/callback`,
        scopes: ['bot', 'bot.read', 'calendar', 'user.read', 'directory.read'],
      },
    ],
    bots: [BOT],
    channels: [{ channelId: 'room-1', botId: BOT.botId, title: 'Desk', members: ['u1', 'u2'] }],
    users: [{ userId: 'u1', email: 'minjun.kim@example.com', lastName: '김', firstName: '민준' }],
    ...extra,
  });
}

/** Secrets go to files referenced with ${file:…}, as a real deployment would keep them. */
export function writeWorksProject(
  project: Project,
  emu: WorksEmulator,
  opts: { port: number; auth: 'user' | 'service-account'; apps?: string[]; extra?: string[] },
): void {
  project.write('client-secret', CLIENT.clientSecret);
  project.write('bot-secret', BOT.botSecret);
  project.write('works.key', keys.privateKey);
  project.write(
    'opsbot.yaml',
    [
      'dataDir: ./data',
      `http: { host: 127.0.0.1, port: ${opts.port} }`,
      'delivery: { lease: 2000, backoff: 100 }',
      'connections:',
      '  works:',
      '    type: naverworks',
      `    clientId: ${CLIENT.clientId}`,
      '    clientSecret: ${file:./client-secret}',
      `    botId: "${BOT.botId}"`,
      '    botSecret: ${file:./bot-secret}',
      ...(opts.auth === 'service-account'
        ? [`    serviceAccount: ${CLIENT.serviceAccount}`, '    privateKey: ${file:./works.key}']
        : ['    auth: user']),
      '    scopes: [bot, bot.read, user.read, directory.read, calendar]',
      `    apiUrl: ${emu.apiUrl}`,
      `    authUrl: ${emu.authUrl}`,
      '  local: { type: sandbox }',
      'targets:',
      '  admin: local/channel/admin',
      ...(opts.extra ?? []),
      'apps:',
      ...(opts.apps ?? ['  bot: { use: ./bot.ts }']),
    ].join('\n'),
  );
}

/** A bot that echoes, answers postbacks, and queues bursts on POST /apps/bot/send. */
export const BOT_APP = `import { defineApp, z } from 'opsbot';
export default defineApp({
  async start(ctx) {
    ctx.onMessage((m) => m.reply('echo: ' + m.text));
    ctx.onEvent('postback', (e) => e.reply({ title: 'clicked', text: e.data ?? '', severity: 'warning' }));
    ctx.route('POST', '/send', async (req) => {
      const { n, to } = z.object({ n: z.number().int().positive(), to: z.string() }).parse(req.body);
      for (let i = 1; i <= n; i++) await ctx.notify(to, 'm' + i);
      return { status: 202, body: { queued: n } };
    });
    // Namespaced connector clients, across the app process boundary.
    ctx.route('GET', '/lookup', async (req) => {
      const works = ctx.connector('works');
      const users = await works.directory.findByName(req.query.name);
      const events = await works.calendar.listEvents({ userId: users[0].userId, from: '2026-11-22T00:00:00+09:00', until: '2026-11-23T00:00:00+09:00' });
      return { body: { users: users.map((u) => u.email), events: events.items.length } };
    });
    ctx.route('POST', '/file', async () => {
      const data = Buffer.from('weekly report').toString('base64');
      await ctx.send('works/user/u1', { type: 'file', upload: { fileName: 'report.txt', data } });
      return { status: 202 };
    });
  },
});
`;

/** Starts the CLI and hands back its first stdout line (e.g. the login URL) while it keeps running. */
export function spawnCli(cwd: string, args: string[]) {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI_MAIN, ...args], {
    cwd,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
  const firstJson = new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      // --json prints one pretty document; it is complete once it parses.
      try {
        resolve(JSON.parse(stdout) as Record<string, string>);
      } catch {
        // not complete yet
      }
    });
    void exited.then((r) => reject(new Error(`CLI exited ${r.code} before printing JSON: ${r.stderr}`)));
  });
  return { child, firstJson, exited };
}

/** Follows the emulator's consent screen to the redirect and opens it, as the person's browser would. */
export async function consent(url: string): Promise<Response> {
  const authorize = await fetch(url, { redirect: 'manual' });
  if (authorize.status !== 302) throw new Error(`authorize answered ${authorize.status}`);
  return fetch(authorize.headers.get('location') ?? '', { redirect: 'manual' });
}
