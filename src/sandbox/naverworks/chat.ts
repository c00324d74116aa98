/**
 * The web chat page's routes: a person poses as a seeded NAVER WORKS user, and what they type
 * becomes a signed callback to the bot's callback URL, exactly as NAVER WORKS would send it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { networkReason } from '../../platform/errors.ts';
import { type CallbackEvent, type CallbackOptions, postCallback } from './callbacks.ts';
import { chatPage } from './chat-page.ts';
import type { EmulatorContext } from './context.ts';
import type { ReceivedMessage, WorksBotConfig, WorksUser } from './types.ts';

export const CHAT_API = '/_chat/api';
const EVENT_TYPES = ['message', 'postback', 'begin', 'join', 'leave'] as const;
type EventType = (typeof EVENT_TYPES)[number];
/** How often open streams look for news; cheap, since it only compares two counters. */
const STREAM_CHECK_MS = 250;
const HEARTBEAT_MS = 15_000;
const MESSAGES_MAX = 500;
/** What the page typed is kept in memory only; past this the oldest goes, so a long session stays small. */
export const ENTRIES_MAX = 2000;
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

// The page is one inline document; nothing else may load, so bot content can never pull in a script.
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface CallbackOutcome {
  /** True when the hook answered 2xx. */
  delivered: boolean;
  /** The hook's HTTP status; null when nothing answered (no URL, unreachable). */
  status: number | null;
  /** What a person reads: "delivered 200", "hook answered 401", "no callback URL …". */
  text: string;
}

/** Something the person did on the page, kept so the conversation shows both sides. */
interface UserEntry {
  id: string;
  botId: string;
  userId: string;
  channelId?: string;
  type: EventType;
  text?: string;
  data?: string;
  at: number;
  /** How many bot messages existed when this was sent: orders it among them without a clock. */
  afterBotMessages: number;
  outcome: CallbackOutcome | null;
}

export interface ChatController {
  setCallbackUrl(botId: string, url: string | undefined): void;
  callbackUrl(botId: string): string | undefined;
}

interface SendInput {
  bot: WorksBotConfig;
  userId: string;
  channelId?: string;
  type: EventType;
  text?: string;
  postback?: string;
  data?: string;
  displayText?: string;
  signature: NonNullable<CallbackOptions['signature']>;
}

/** Korean names read family name first without a space (김민준); Latin ones as "Minjun Kim". */
function displayName(user: WorksUser): string {
  const last = user.lastName ?? '';
  const first = user.firstName ?? '';
  const name = /^[\x20-\x7e]*$/.test(last + first) ? `${first} ${last}` : `${last}${first}`;
  return name.trim() || user.email || user.userId;
}

export function describeOutcome(status: number): CallbackOutcome {
  const delivered = status >= 200 && status < 300;
  return { delivered, status, text: delivered ? `delivered ${status}` : `hook answered ${status}` };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Why a state-changing request must be refused, or null. The page has no login, so a request naming
 * another host (DNS rebinding) or sent by another site's page must not make the emulator sign
 * callbacks to the operator's daemon or repoint them. Worked out per request: the port is known late.
 */
function foreignRequest(ctx: EmulatorContext, req: FastifyRequest): string | null {
  const base = new URL(ctx.baseUrl());
  const bound = (ctx.options.host ?? '127.0.0.1').toLowerCase();
  const names = [...LOOPBACK_NAMES, base.hostname, bound.includes(':') ? `[${bound}]` : bound];
  // On port 80 clients leave the port out of Host and Origin.
  const own = new Set(names.flatMap((n) => (base.port ? [`${n}:${base.port}`] : [n, `${n}:80`])));
  const host = (req.headers.host ?? '').toLowerCase();
  if (!own.has(host)) return `Host "${host}" does not name this emulator; use ${ctx.baseUrl()}`;
  const origin = req.headers.origin?.toLowerCase();
  if (origin !== undefined && !own.has(origin.startsWith('http://') ? origin.slice(7) : '')) {
    return `requests from ${origin} are refused; only the chat page on ${ctx.baseUrl()} may send`;
  }
  return null;
}

function optionalString(v: Record<string, unknown>, key: string): string | undefined | null {
  const value = v[key];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : null;
}

export function registerChatRoutes(app: FastifyInstance, ctx: EmulatorContext): ChatController {
  const callbackUrls = new Map<string, string>();
  for (const bot of ctx.bots.values()) if (bot.callbackUrl) callbackUrls.set(bot.botId, bot.callbackUrl);
  const entries: UserEntry[] = [];
  let entryVersion = 0;
  let nextId = 1;

  const firstBot = (): WorksBotConfig | undefined => ctx.bots.values().next().value;
  const pickBot = (botId: string | undefined) => (botId ? ctx.bots.get(botId) : firstBot());
  const findUser = (id: string) => ctx.state.users.find((u) => u.userId === id || u.email === id);

  // Runs before the body is parsed, so a refused request costs nothing.
  const guard = async (req: FastifyRequest, reply: FastifyReply) => {
    const reason = foreignRequest(ctx, req);
    if (reason) return reply.code(403).send({ error: reason });
  };

  const page = (_req: unknown, reply: FastifyReply) =>
    reply.header('content-security-policy', PAGE_CSP).type('text/html; charset=utf-8').send(chatPage());
  app.get('/', page);
  app.get('/chat', page);
  // Browsers ask for it on every page load; a 404 would show up as a console error.
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());

  app.get(`${CHAT_API}/state`, async () => ({
    bots: [...ctx.bots.values()].map((b) => ({
      botId: b.botId,
      callbackUrl: callbackUrls.get(b.botId) ?? null,
    })),
    users: ctx.state.users.map((u) => ({ userId: u.userId, email: u.email, name: displayName(u) })),
    channels: [...ctx.state.channels.values()].map((c) => ({
      channelId: c.channelId,
      botId: c.botId,
      title: c.title,
      members: c.members,
    })),
  }));

  app.get<{ Querystring: Record<string, string | undefined> }>(`${CHAT_API}/messages`, async (req, reply) => {
    const bot = pickBot(req.query.bot);
    if (!bot) return reply.code(404).send({ error: 'no such bot' });
    const userId = req.query.user ?? '';
    const channelId = req.query.channel || undefined;
    if (!channelId && !userId) return reply.code(400).send({ error: 'give user= (1:1) or channel=' });
    return { messages: conversation(bot.botId, userId, channelId) };
  });

  function conversation(botId: string, userId: string, channelId: string | undefined) {
    const user = findUser(userId);
    const ids = new Set([userId, user?.userId, user?.email].filter(Boolean));
    const fromBot = ctx.state.messages
      .map((m, index) => ({ m, index }))
      .filter(
        ({ m }) =>
          m.botId === botId &&
          (channelId ? m.kind === 'channel' && m.to === channelId : m.kind === 'user' && ids.has(m.to)),
      )
      .map(({ m, index }) => ({ order: index * 2 + 1, item: botItem(m) }));
    const fromPeople = entries
      .filter(
        (e) =>
          e.botId === botId && (channelId ? e.channelId === channelId : !e.channelId && ids.has(e.userId)),
      )
      .map((e) => ({ order: e.afterBotMessages * 2, item: userItem(e) }));
    // Stable sort keeps people's entries in the order they were sent when they share a slot.
    const all = [...fromPeople, ...fromBot].sort((a, b) => a.order - b.order).map((x) => x.item);
    return all.slice(-MESSAGES_MAX);
  }

  function botItem(m: ReceivedMessage) {
    return { id: m.id, from: 'bot' as const, at: m.receivedAt, content: m.content };
  }

  function userItem(e: UserEntry) {
    const user = findUser(e.userId);
    return {
      id: e.id,
      from: 'user' as const,
      at: e.at,
      userId: e.userId,
      name: user ? displayName(user) : e.userId,
      type: e.type,
      ...(e.text !== undefined ? { text: e.text } : {}),
      ...(e.data !== undefined ? { data: e.data } : {}),
      outcome: e.outcome,
    };
  }

  function parseSend(body: unknown): SendInput | string {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
    const v = body as Record<string, unknown>;
    const strings = [
      'bot',
      'user',
      'channel',
      'text',
      'postback',
      'data',
      'displayText',
      'signature',
    ] as const;
    const s: Partial<Record<(typeof strings)[number], string>> = {};
    for (const key of strings) {
      const value = optionalString(v, key);
      if (value === null) return `${key} must be a string`;
      if (value !== undefined) s[key] = value;
    }
    const bot = pickBot(s.bot);
    if (!bot) return s.bot ? `no bot ${s.bot}` : 'the emulator has no bot';
    const type = (v['type'] ?? 'message') as EventType;
    if (!EVENT_TYPES.includes(type)) return `type must be one of ${EVENT_TYPES.join(', ')}`;
    const user = s.user ? findUser(s.user) : undefined;
    if (!s.user) return 'user is required';
    if (ctx.state.users.length > 0 && !user) return `no user ${s.user}`;
    if (s.channel) {
      const channel = ctx.state.channels.get(s.channel);
      if (!channel || channel.botId !== bot.botId) return `the bot is not in channel ${s.channel}`;
      if (type === 'begin') return 'begin is for 1:1 rooms; use join in a channel';
    } else if (type === 'join' || type === 'leave') {
      return `${type} needs a channel`;
    }
    if (type === 'message' && !s.text?.trim()) return 'text is required';
    if (type === 'postback' && !s.data) return 'data is required for a postback';
    const signature = s.signature ?? 'good';
    if (signature !== 'good' && signature !== 'forged' && signature !== 'missing') {
      return 'signature must be good, forged or missing';
    }
    return {
      bot,
      userId: user?.userId ?? (s.user as string),
      ...(s.channel ? { channelId: s.channel } : {}),
      type,
      ...(s.text !== undefined ? { text: s.text } : {}),
      ...(s.postback !== undefined ? { postback: s.postback } : {}),
      ...(s.data !== undefined ? { data: s.data } : {}),
      ...(s.displayText !== undefined ? { displayText: s.displayText } : {}),
      signature,
    };
  }

  /** The callback body NAVER WORKS sends for this event (reference §3). */
  function toEvent(input: SendInput): CallbackEvent {
    const source: Record<string, unknown> =
      input.type === 'join' || input.type === 'leave'
        ? { channelId: input.channelId }
        : { userId: input.userId, ...(input.channelId ? { channelId: input.channelId } : {}) };
    if (input.type === 'message') {
      const content = {
        type: 'text',
        text: input.text,
        ...(input.postback ? { postback: input.postback } : {}),
      };
      return { type: 'message', source, content };
    }
    if (input.type === 'postback') return { type: 'postback', source, data: input.data };
    return { type: input.type, source };
  }

  async function deliver(input: SendInput): Promise<{ code: number; outcome: CallbackOutcome }> {
    const url = callbackUrls.get(input.bot.botId);
    if (!url) {
      const text = `no callback URL for bot ${input.bot.botId}; set one (opsbot sandbox --hooks URL, or the field on this page)`;
      return { code: 409, outcome: { delivered: false, status: null, text } };
    }
    try {
      const status = await postCallback(ctx, url, input.bot.botId, toEvent(input), {
        signature: input.signature,
      });
      return { code: 200, outcome: describeOutcome(status) };
    } catch (err) {
      return {
        code: 502,
        outcome: { delivered: false, status: null, text: `hook unreachable (${networkReason(err)})` },
      };
    }
  }

  app.post(`${CHAT_API}/send`, { onRequest: guard }, async (req, reply) => {
    // JSON only: a cross-site form or text/plain POST cannot reach this without a CORS preflight.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return reply.code(415).send({ error: 'send JSON (content-type: application/json)' });
    }
    const input = parseSend(req.body);
    if (typeof input === 'string') return reply.code(400).send({ error: input });
    const entry: UserEntry = {
      id: `me-${nextId++}`,
      botId: input.bot.botId,
      userId: input.userId,
      ...(input.channelId ? { channelId: input.channelId } : {}),
      type: input.type,
      ...(input.type === 'message' ? { text: input.text } : {}),
      ...(input.type === 'postback' ? { data: input.data, text: input.displayText } : {}),
      at: ctx.now(),
      afterBotMessages: ctx.state.messages.length,
      outcome: null,
    };
    // Shown at once as "sending…", so a slow hook is visible as such.
    entries.push(entry);
    if (entries.length > ENTRIES_MAX) entries.splice(0, entries.length - ENTRIES_MAX);
    entryVersion += 1;
    const { code, outcome } = await deliver(input);
    entry.outcome = outcome;
    entryVersion += 1;
    return reply.code(code).send({ id: entry.id, ...outcome });
  });

  app.put(`${CHAT_API}/callback-url`, { onRequest: guard }, async (req, reply) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
      string,
      unknown
    >;
    const bot = pickBot(typeof body['bot'] === 'string' ? body['bot'] : undefined);
    if (!bot) return reply.code(404).send({ error: 'no such bot' });
    const url = typeof body['url'] === 'string' ? body['url'].trim() : '';
    if (url && !isHttpUrl(url)) return reply.code(400).send({ error: 'url must be an http(s) URL' });
    setCallbackUrl(bot.botId, url || undefined);
    return { botId: bot.botId, callbackUrl: url || null };
  });

  /** Each open stream's check, mapped to what ends it. */
  const streams = new Map<() => void, () => void>();
  let timer: NodeJS.Timeout | undefined;
  const version = () => `${ctx.state.messages.length}.${ctx.state.channels.size}.${entryVersion}`;

  app.get(`${CHAT_API}/stream`, (_req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    let seen = version();
    let quiet = 0;
    res.write(`retry: 1000\nevent: change\ndata: ${seen}\n\n`);
    const check = () => {
      const now = version();
      quiet += STREAM_CHECK_MS;
      if (now !== seen) {
        seen = now;
        quiet = 0;
        res.write(`event: change\ndata: ${now}\n\n`);
      } else if (quiet >= HEARTBEAT_MS) {
        quiet = 0;
        res.write(': heartbeat\n\n');
      }
    };
    const end = () => {
      if (!streams.delete(check)) return;
      if (streams.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
      res.end();
    };
    streams.set(check, end);
    timer ??= setInterval(() => {
      for (const c of streams.keys()) c();
    }, STREAM_CHECK_MS).unref();
    res.once('close', end);
  });
  // Live streams never finish on their own; close() would wait for them forever.
  app.addHook('preClose', async () => {
    for (const end of [...streams.values()]) end();
  });

  function setCallbackUrl(botId: string, url: string | undefined): void {
    if (!ctx.bots.has(botId)) throw new Error(`setCallbackUrl: unknown botId ${botId}`);
    if (url === undefined) callbackUrls.delete(botId);
    else callbackUrls.set(botId, url);
    entryVersion += 1;
  }

  return { setCallbackUrl, callbackUrl: (botId) => callbackUrls.get(botId) };
}
