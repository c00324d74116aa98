/** `views.open`, `views.update`, `views.push`: modals, their stack per user, hashes and external ids. */
import { ApiError, invalidArguments, jsonArg, str } from './args.ts';
import type { EmulatorContext } from './context.ts';
import { newId, randomHex } from './ids.ts';
import { currentView, findView } from './state.ts';
import { spendTrigger } from './triggers.ts';
import type { RecordedView } from './types.ts';
import { checkModal } from './view-rules.ts';

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

/** A modal stack holds at most 3 views (reference §1.4). */
const MAX_STACK = 3;

function readView(args: Args): Obj {
  const raw = args['view'];
  const length = Buffer.byteLength(typeof raw === 'string' ? raw : JSON.stringify(raw ?? null));
  return checkModal(jsonArg(args, 'view', 'invalid_arguments'), length);
}

/** Slack fills in block_id and action_id the app left out; state values are keyed by them. */
function withIds(view: Obj): Obj {
  const blocks = Array.isArray(view['blocks']) ? (view['blocks'] as Obj[]) : [];
  const filled = blocks.map((block) => {
    const out: Obj = { ...block, block_id: block['block_id'] ?? randomHex(3) };
    const element = block['element'];
    if (element && typeof element === 'object') {
      const el = element as Obj;
      out['element'] = { ...el, action_id: el['action_id'] ?? randomHex(3) };
    }
    return out;
  });
  return { ...view, blocks: filled };
}

function newHash(ctx: EmulatorContext): string {
  return `${Math.floor(ctx.clock() / 1000)}.${randomHex(4)}`;
}

/** The view object as Slack returns it from the views.* methods and sends in payloads. */
export function viewPayload(ctx: EmulatorContext, v: RecordedView): Obj {
  const ws = ctx.state.workspace;
  return {
    id: v.id,
    team_id: ws.teamId,
    type: 'modal',
    private_metadata: '',
    callback_id: '',
    clear_on_close: false,
    notify_on_close: false,
    external_id: v.externalId ?? '',
    ...v.view,
    state: { values: v.values },
    hash: v.hash,
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: ws.appId,
    app_installed_team_id: ws.teamId,
    bot_id: ws.botId,
  };
}

function claimExternalId(ctx: EmulatorContext, view: Obj, except?: RecordedView): string | undefined {
  const externalId = typeof view['external_id'] === 'string' ? view['external_id'] : undefined;
  if (!externalId) return undefined;
  const taken = ctx.state.views.some((v) => v !== except && v.externalId === externalId);
  if (taken) throw new ApiError('duplicate_external_id');
  return externalId;
}

function record(ctx: EmulatorContext, view: Obj, user: string, trigger: string, root?: RecordedView) {
  const id = newId('V');
  const externalId = claimExternalId(ctx, view);
  const recorded: RecordedView = {
    id,
    hash: newHash(ctx),
    view: withIds(view),
    user,
    trigger,
    rootViewId: root?.rootViewId ?? id,
    previousViewId: root?.id ?? null,
    ...(externalId ? { externalId } : {}),
    errors: {},
    open: true,
    values: {},
  };
  ctx.state.views.push(recorded);
  return recorded;
}

function open(ctx: EmulatorContext, args: Args) {
  const view = readView(args);
  const trigger = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  const user = spendTrigger(ctx, trigger);
  // A new modal replaces whatever the user had open.
  for (const v of ctx.state.views) if (v.user === user) v.open = false;
  return { view: viewPayload(ctx, record(ctx, view, user, trigger!)) };
}

function push(ctx: EmulatorContext, args: Args) {
  const view = readView(args);
  const trigger = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  const user = spendTrigger(ctx, trigger);
  const top = currentView(ctx.state, user);
  if (!top) throw invalidArguments('[ERROR] no modal is open to push onto');
  const depth = ctx.state.views.filter((v) => v.open && v.rootViewId === top.rootViewId).length;
  if (depth >= MAX_STACK) throw new ApiError('push_limit_reached');
  return { view: viewPayload(ctx, record(ctx, view, user, trigger!, top)) };
}

/** Replaces a view in place; a stale `hash` means someone else updated it first. */
export function replaceView(ctx: EmulatorContext, target: RecordedView, view: Obj): void {
  const externalId = claimExternalId(ctx, view, target);
  target.view = withIds(view);
  target.hash = newHash(ctx);
  target.errors = {};
  if (externalId) target.externalId = externalId;
}

function update(ctx: EmulatorContext, args: Args) {
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (!viewId && !externalId) throw invalidArguments('[ERROR] either view_id or external_id is required');
  const view = readView(args);
  const target = viewId
    ? findView(ctx.state, viewId)
    : ctx.state.views.find((v) => v.externalId === externalId);
  if (!target) throw new ApiError('not_found');
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== target.hash) throw new ApiError('hash_conflict');
  replaceView(ctx, target, view);
  return { view: viewPayload(ctx, target) };
}

export const VIEW_METHODS = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
};

/** Pushes a view the app answered with (`response_action: push`) on top of `top`. */
export function pushFromAck(ctx: EmulatorContext, top: RecordedView, view: Obj): RecordedView {
  return record(ctx, withIds(checkModal(view, JSON.stringify(view).length)), top.user, top.trigger, top);
}
