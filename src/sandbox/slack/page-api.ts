/**
 * The workspace page (`GET /`) and the small JSON API its script calls (`/_slack/api/*`). Every
 * button goes through the same act-as-Slack code the tests use. Loopback only: the page has no login.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Acts } from './acts.ts';
import type { EmulatorContext } from './context.ts';
import { fromLoopback, readBody, sendJson, sendText } from './http.ts';
import { workspacePage } from './page.ts';
import { currentView } from './state.ts';
import type { EnteredValues } from './state-values.ts';
import type { OutboundResult } from './types.ts';
import { viewPayload } from './views.ts';

export const PAGE_API_PREFIX = '/_slack/api/';

type Obj = Record<string, unknown>;

function snapshot(ctx: EmulatorContext, user: string): Obj {
  const { workspace, messages, dms } = ctx.state;
  const view = currentView(ctx.state, user);
  return {
    users: workspace.users,
    channels: workspace.channels,
    dms: Object.fromEntries([...dms].filter(([key]) => !key.startsWith('G:'))),
    shortcuts: workspace.shortcuts,
    botUserId: workspace.botUserId,
    requestUrl: ctx.requestUrl ?? '',
    messages: messages.filter((m) => !m.deleted && (!m.ephemeral || m.user === user)),
    files: ctx.state.files.map((f) => ({
      id: f.id,
      filename: f.filename,
      title: f.title,
      size: f.bytes?.length,
    })),
    view: view ? { ...viewPayload(ctx, view), errors: view.errors } : null,
  };
}

function summary(result: OutboundResult & { outcome?: unknown }): Obj {
  return {
    status: result.status,
    body: result.body.slice(0, 2000),
    ...(result.error ? { error: result.error } : {}),
    ...(result.outcome ? { outcome: result.outcome } : {}),
  };
}

/** `/attendance me` → command `/attendance`, text `me`. */
function splitCommand(line: string): { command: string; text: string } {
  const trimmed = line.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return { command: trimmed, text: '' };
  return { command: trimmed.slice(0, space), text: trimmed.slice(space + 1).trim() };
}

async function act(ctx: EmulatorContext, acts: Acts, name: string, b: Obj): Promise<Obj> {
  const user = String(b['user'] ?? '');
  const s = (key: string) => (typeof b[key] === 'string' ? (b[key] as string) : undefined);
  switch (name) {
    case 'command':
      return summary(
        await acts.slashCommand({ ...splitCommand(s('line') ?? ''), user, channel: s('channel') ?? '' }),
      );
    case 'shortcut':
      return summary(await acts.globalShortcut({ callbackId: s('callbackId') ?? '', user }));
    case 'action':
      return summary(
        await acts.blockAction({
          user,
          actionId: s('actionId') ?? '',
          ...(s('blockId') ? { blockId: s('blockId') } : {}),
          ...(s('value') !== undefined ? { value: s('value') } : {}),
          ...(s('channel') ? { channel: s('channel'), messageTs: s('messageTs') } : {}),
          ...(s('viewId') ? { viewId: s('viewId') } : {}),
        }),
      );
    case 'submit':
      return summary(
        await acts.submitView({
          viewId: s('viewId') ?? '',
          user,
          values: (b['values'] ?? {}) as EnteredValues,
        }),
      );
    case 'close':
      return summary(await acts.viewClosed({ viewId: s('viewId') ?? '', user }));
    case 'message':
      return summary(
        await acts.event({ type: 'message', user, channel: s('channel') ?? '', text: s('text') ?? '' }),
      );
    case 'request-url':
      ctx.requestUrl = s('url') || undefined;
      return { status: 200 };
    default:
      throw new Error(`unknown page action ${name}`);
  }
}

export async function handlePage(
  ctx: EmulatorContext,
  acts: Acts,
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (!fromLoopback(req)) return sendText(res, 403, 'the sandbox page answers loopback clients only');
  const url = new URL(req.url ?? '/', 'http://page');
  if (url.pathname === '/') return sendText(res, 200, workspacePage(), 'text/html');
  const name = url.pathname.slice(PAGE_API_PREFIX.length);
  if (req.method === 'GET' && name === 'state') {
    return sendJson(res, 200, snapshot(ctx, url.searchParams.get('user') ?? ''));
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
  try {
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Obj;
    sendJson(res, 200, await act(ctx, acts, name, body));
  } catch (err) {
    sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}
