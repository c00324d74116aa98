import { DeliveryError } from '../kit/delivery-error.ts';

/** Where a Slack send goes, read from the part of the target after the connection name. */
export type SlackDestination =
  | { kind: 'channel'; channel: string }
  | { kind: 'user'; user: string }
  | { kind: 'ephemeral'; channel: string; user: string }
  | { kind: 'response'; key: string };

export const DESTINATION_KINDS: readonly string[] = ['channel', 'user', 'ephemeral', 'response'];

const ID = /^[A-Za-z0-9._-]+$/;

export function parseDestination(destination: string): SlackDestination {
  const [kind, first, second, ...rest] = destination.split('/');
  const ok = (id: string | undefined): id is string => id !== undefined && ID.test(id);
  if (rest.length === 0) {
    if (kind === 'channel' && ok(first) && second === undefined) return { kind, channel: first };
    if (kind === 'user' && ok(first) && second === undefined) return { kind, user: first };
    if (kind === 'ephemeral' && ok(first) && ok(second)) return { kind, channel: first, user: second };
    if (kind === 'response' && ok(first) && second === undefined) return { kind, key: first };
  }
  throw new DeliveryError(
    `slack destination must be channel/<C…>, user/<U…>, ephemeral/<C…>/<U…> or response/<key>, got "${destination}"`,
    { retryable: false },
  );
}
