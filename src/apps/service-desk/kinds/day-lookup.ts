import type { Desk } from '../desk.ts';
import { say } from '../messages.ts';
import { Picks } from '../picks.ts';
import { type Turn, textOption } from './turn.ts';

/** Tells the person their day of this month. */
export async function dayLookup(desk: Desk, { conv, person, service }: Turn): Promise<void> {
  const day = await new Picks(desk.ctx).get(person.email, desk.calendar.today().month);
  await conv.end(say.lookup(textOption(service, 'label') ?? desk.ctx.options.dayPick.name, day));
}
