import type { Desk } from '../desk.ts';
import { say } from '../messages.ts';
import { parseDay, pickMonth, pickProblem } from '../pick-window.ts';
import { Picks } from '../picks.ts';
import { type Turn, textOption } from './turn.ts';

/** Asks for the day of the pick month, re-asks with the reason until it will do, and saves it. */
export async function dayPick(desk: Desk, { conv, person, service }: Turn): Promise<void> {
  const rule = deadlineRule(desk, turnDeadlineDay(service.options));
  const today = desk.calendar.today();
  const month = await pickMonth(desk.calendar, today, rule);
  const label = textOption(service, 'label') ?? desk.ctx.options.dayPick.name;
  const answer = await conv.ask(say.askDay(label, month), {
    // "Today" again: the person may answer after midnight.
    validate: (text) => pickProblem(text, month, desk.calendar.today()),
  });
  const day = parseDay(answer, month) as string;
  await new Picks(desk.ctx).save(person.email, month, day);
  await conv.end(say.picked(day));
}

function turnDeadlineDay(options: Record<string, unknown>): number | undefined {
  const day = options.deadlineDay;
  return typeof day === 'number' && Number.isInteger(day) && day >= 1 && day <= 28 ? day : undefined;
}

/** The app's deadline, with the catalogue entry's `deadlineDay` when it has one. */
const deadlineRule = (desk: Desk, deadlineDay: number | undefined) => ({
  deadlineDay: deadlineDay ?? desk.ctx.options.dayPick.deadlineDay,
  deadlineAt: desk.ctx.options.dayPick.deadlineAt,
});
