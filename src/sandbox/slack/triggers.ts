/** trigger_id bookkeeping: issued with each interaction, single use, dead 3 s later (reference §1.4). */
import { ApiError, invalidArguments } from './args.ts';
import type { EmulatorContext } from './context.ts';
import { newTriggerId } from './ids.ts';

export const TRIGGER_TTL_MS = 3000;

export function issueTrigger(ctx: EmulatorContext, user: string): string {
  const id = newTriggerId(ctx.clock);
  ctx.state.triggers.set(id, { id, user, issuedAt: ctx.clock(), used: false });
  return id;
}

/**
 * Spends a trigger. Reuse is checked before age, so a second call with a spent trigger says
 * `exchanged_trigger_id` however late it comes.
 */
export function spendTrigger(ctx: EmulatorContext, id: string | undefined): string {
  const trigger = id ? ctx.state.triggers.get(id) : undefined;
  if (!trigger) throw invalidArguments('[ERROR] invalid `trigger_id`');
  if (trigger.used) throw new ApiError('exchanged_trigger_id');
  if (ctx.clock() - trigger.issuedAt > TRIGGER_TTL_MS) throw new ApiError('expired_trigger_id');
  trigger.used = true;
  return trigger.user;
}
