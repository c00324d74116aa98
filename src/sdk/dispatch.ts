import type { InboundEvent } from '../contracts/inbound.ts';
import { commandOf } from '../contracts/routing.ts';

export { commandOf, wants } from '../contracts/routing.ts';

import type { PortableMessage } from '../contracts/message.ts';
import type { Registrations } from './context.ts';
import type { HttpRequest, HttpResponse, IncomingMessage } from './types.ts';

/** An inbound event as apps receive it (the connector's verified event). */
export type InboundData = InboundEvent;

/** Runs the event handlers for its type (and '*'); for a message, the matching command or else every message handler. */
export async function dispatchMessage(
  registrations: Registrations,
  event: InboundData,
  reply: (message: string | PortableMessage) => Promise<void>,
): Promise<void> {
  const message: IncomingMessage = { ...event, text: event.text ?? '', reply };
  for (const key of [event.type, '*']) {
    for (const handler of registrations.events.get(key) ?? []) await handler(message);
  }
  if (event.type !== 'message') return;
  const parsed = commandOf(message.text);
  const command = parsed && registrations.commands.get(parsed.command);
  if (command && parsed) {
    await command({ ...message, command: parsed.command, args: parsed.args });
    return;
  }
  for (const handler of registrations.messages) await handler(message);
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path || `${pattern}/` === path;
}

/** Finds the route for a request; null when none matches. */
export async function dispatchRequest(
  registrations: Registrations,
  req: HttpRequest,
): Promise<HttpResponse | null> {
  const route = registrations.routes.find(
    (r) => (r.method === req.method.toUpperCase() || r.method === 'ALL') && pathMatches(r.path, req.path),
  );
  if (!route) return null;
  return (await route.handler(req)) ?? { status: 204 };
}
