/**
 * What Slack does with the app's answer to a `view_submission` (reference §1.5): empty closes the
 * view, `errors` shows field errors (only under input blocks), `update`/`push`/`clear` change the stack.
 */
import type { EmulatorContext } from './context.ts';
import { currentView } from './state.ts';
import type { OutboundResult, RecordedView } from './types.ts';
import { checkModal, inputBlockIds } from './view-rules.ts';
import { pushFromAck, replaceView } from './views.ts';

type Obj = Record<string, unknown>;

export interface ViewOutcome {
  action: 'closed' | 'errors' | 'updated' | 'pushed' | 'cleared' | 'invalid' | 'failed';
  /** For `errors`: the field errors now shown. */
  errors?: Record<string, string>;
  /** For `invalid` and `failed`: why Slack would show the user its generic error. */
  reason?: string;
  /** The view now on top for this user, if any. */
  viewId?: string;
}

function top(ctx: EmulatorContext, v: RecordedView): ViewOutcome['viewId'] {
  return currentView(ctx.state, v.user)?.id;
}

function closeStack(ctx: EmulatorContext, v: RecordedView): void {
  for (const other of ctx.state.views) if (other.rootViewId === v.rootViewId) other.open = false;
}

function applyErrors(v: RecordedView, errors: unknown): ViewOutcome {
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) {
    return { action: 'invalid', reason: 'errors must be an object keyed by block_id', viewId: v.id };
  }
  const allowed = new Set(inputBlockIds(v.view));
  const bad = Object.keys(errors).filter((key) => !allowed.has(key));
  if (bad.length > 0) {
    return { action: 'invalid', reason: `not input block ids: ${bad.join(', ')}`, viewId: v.id };
  }
  v.errors = Object.fromEntries(Object.entries(errors as Obj).map(([k, m]) => [k, String(m)]));
  return { action: 'errors', errors: v.errors, viewId: v.id };
}

function withView(ctx: EmulatorContext, v: RecordedView, ack: Obj, push: boolean): ViewOutcome {
  try {
    const view = checkModal(ack['view'], JSON.stringify(ack['view'] ?? null).length);
    if (push) return { action: 'pushed', viewId: pushFromAck(ctx, v, view).id };
    replaceView(ctx, v, view);
    return { action: 'updated', viewId: v.id };
  } catch (err) {
    return { action: 'invalid', reason: `bad view in ack: ${(err as Error).message}`, viewId: v.id };
  }
}

export function applyViewAck(ctx: EmulatorContext, v: RecordedView, result: OutboundResult): ViewOutcome {
  if (result.status < 200 || result.status > 299) {
    return { action: 'failed', reason: result.error ?? `HTTP ${result.status}`, viewId: v.id };
  }
  if (!result.body.trim()) {
    v.open = false;
    v.errors = {};
    const next = top(ctx, v);
    return { action: 'closed', ...(next ? { viewId: next } : {}) };
  }
  const ack = result.json as Obj | undefined;
  if (!ack || typeof ack !== 'object')
    return { action: 'invalid', reason: 'ack body is not JSON', viewId: v.id };
  switch (ack['response_action']) {
    case 'errors':
      return applyErrors(v, ack['errors']);
    case 'update':
      return withView(ctx, v, ack, false);
    case 'push':
      return withView(ctx, v, ack, true);
    case 'clear':
      closeStack(ctx, v);
      return { action: 'cleared' };
    default:
      return {
        action: 'invalid',
        reason: `unknown response_action ${String(ack['response_action'])}`,
        viewId: v.id,
      };
  }
}
