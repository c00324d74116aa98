import { nextMonth } from '../calendar.ts';
import type { Desk } from '../desk.ts';
import { say } from '../messages.ts';
import { Picks } from '../picks.ts';
import { type Turn, textOption } from './turn.ts';

/** Tells the person their day of this month, and of next month when they picked it already. */
export async function dayLookup(desk: Desk, { conv, person, service }: Turn): Promise<void> {
  const label = textOption(service, 'label') ?? desk.ctx.options.dayPick.name;
  const month = desk.calendar.today().month;
  const picks = new Picks(desk.ctx);
  const next = await picks.get(person.email, nextMonth(month));
  const lines = [
    say.lookup(label, await picks.get(person.email, month)),
    ...(next ? [say.lookupNext(label, next)] : []),
  ];
  await conv.end(lines.join('\n'));
}
