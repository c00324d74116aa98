/**
 * The chat page (`GET /`) and the small JSON API its script calls (`/_webex/api/*`). Every button goes
 * through the same act-as-Webex code the tests use. Loopback only: the page has no login.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Acts } from './acts.ts';
import type { EmulatorContext } from './context.ts';
import { fromLoopback, readBody, sendJson, sendText } from './http.ts';
import { chatPage } from './page-html.ts';
import { directRoom, personByEmail } from './state.ts';
import type { Delivery } from './types.ts';

export const PAGE_API_PREFIX = '/_webex/api/';

type Obj = Record<string, unknown>;

function snapshot(ctx: EmulatorContext, as: string): Obj {
  const { state } = ctx;
  const me = personByEmail(state, as);
  const room = me && me.type !== 'bot' ? directRoom(state, me) : undefined;
  const people = state.people.filter((p) => p.type !== 'bot');
  return {
    bot: state.bot,
    people: people.map((p) => ({ email: p.emails[0], displayName: p.displayName })),
    roomId: room?.id ?? null,
    webhooks: state.webhooks.map((w) => ({
      name: w.name,
      resource: w.resource,
      event: w.event,
      status: w.status,
    })),
    messages: room
      ? state.messages
          .filter((m) => m.roomId === room.id && !m.deleted)
          .map((m) => ({
            id: m.id,
            fromBot: m.fromBot,
            sender: state.people.find((p) => p.id === m.personId)?.displayName ?? m.personEmail,
            text: m.text ?? '',
            markdown: m.markdown ?? null,
            cards: m.attachments.map((a) => a.content),
            files: m.files.map((id) => ({ id, filename: state.files.get(id)?.filename ?? id })),
          }))
      : [],
  };
}

function summary(deliveries: Delivery[]): Obj {
  return { deliveries: deliveries.map((d) => ({ status: d.status, ok: d.ok, error: d.error })) };
}

async function jsonBody(req: IncomingMessage): Promise<Obj> {
  const raw = (await readBody(req)).toString('utf8');
  return raw ? (JSON.parse(raw) as Obj) : {};
}

export async function handlePage(
  ctx: EmulatorContext,
  acts: Acts,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!fromLoopback(req)) return sendText(res, 403, 'the sandbox page is for this machine only');
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/') return sendText(res, 200, chatPage(), 'text/html');
  const action = url.pathname.slice(PAGE_API_PREFIX.length);
  // A JSON content type forces a CORS preflight, so another site open in the browser cannot post here.
  if (req.method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return sendJson(res, 415, { error: 'send application/json' });
  }
  try {
    if (req.method === 'GET' && action === 'state') {
      return sendJson(res, 200, snapshot(ctx, url.searchParams.get('as') ?? ''));
    }
    if (req.method === 'GET' && action.startsWith('file/')) {
      const file = ctx.state.files.get(decodeURIComponent(action.slice(5)));
      if (!file) return sendText(res, 404, 'no such file');
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      });
      res.end(file.bytes);
      return;
    }
    if (req.method === 'POST' && action === 'say') {
      const body = await jsonBody(req);
      const file = body['file'] as { filename: string; base64: string; contentType?: string } | undefined;
      const result = await acts.say({
        from: String(body['from']),
        direct: true,
        text: String(body['text'] ?? ''),
        ...(file
          ? {
              files: [
                {
                  filename: file.filename,
                  data: Buffer.from(file.base64, 'base64'),
                  contentType: file.contentType,
                },
              ],
            }
          : {}),
      });
      return sendJson(res, 200, summary(result.deliveries));
    }
    if (req.method === 'POST' && action === 'submit') {
      const body = await jsonBody(req);
      const result = await acts.submitCard({
        from: String(body['from']),
        messageId: String(body['messageId']),
        inputs: (body['inputs'] ?? {}) as Obj,
      });
      return sendJson(res, 200, summary(result.deliveries));
    }
  } catch (err) {
    return sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
  sendJson(res, 404, { error: 'not_found' });
}
