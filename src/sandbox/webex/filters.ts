/** Which active webhooks an event reaches: resource, event and `filter` (`key=value&key=value`). */
import type { EmulatorContext } from './context.ts';
import type { Webhook } from './types.ts';

function filterMatches(
  ctx: EmulatorContext,
  filter: string | undefined,
  data: Record<string, unknown>,
): boolean {
  if (!filter) return true;
  for (const [key, value] of new URLSearchParams(filter)) {
    const actual = data[key];
    if (key === 'mentionedPeople') {
      const wanted = value === 'me' ? ctx.state.bot.id : value;
      if (!Array.isArray(actual) || !actual.includes(wanted)) return false;
    } else if (key === 'personEmail') {
      if (typeof actual !== 'string' || actual.toLowerCase() !== value.toLowerCase()) return false;
    } else if (actual !== value) {
      return false;
    }
  }
  return true;
}

export function matchingWebhooks(
  ctx: EmulatorContext,
  resource: string,
  event: string,
  data: Record<string, unknown>,
): Webhook[] {
  return ctx.state.webhooks.filter(
    (w) =>
      w.status === 'active' &&
      (w.resource === resource || w.resource === 'all') &&
      (w.event === event || w.event === 'all') &&
      filterMatches(ctx, w.filter, data),
  );
}
