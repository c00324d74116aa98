import type { InboundEvent as InboundData } from './inbound.ts';

/** The command word a message starts with ("/deploy now" → "deploy"), lowercased. */
export function commandOf(text: string): { command: string; args: string[] } | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (!first) return undefined;
  return { command: first.replace(/^\//, '').toLowerCase(), args: words.slice(1) };
}

/** Whether an app with these registrations wants this event at all (so the daemon only routes where useful). */
export function wants(
  reg: { commands: string[]; messages: boolean; events?: string[] },
  event: InboundData,
): boolean {
  if (reg.events?.includes('*') || reg.events?.includes(event.type)) return true;
  if (event.type !== 'message') return false;
  if (reg.messages) return true;
  const parsed = event.text ? commandOf(event.text) : undefined;
  return parsed !== undefined && reg.commands.includes(parsed.command);
}
