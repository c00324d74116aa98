import type { Desk } from '../desk.ts';
import { type Turn, textOption } from './turn.ts';

/** A catalogue entry that only answers with its text. */
export async function reply(_desk: Desk, { conv, service }: Turn): Promise<void> {
  await conv.end(textOption(service, 'text') ?? service.name);
}
