import type { AppContext } from 'opsbot';
import { koreanDate, type OfficeCalendar } from '../calendar.ts';
import { toCsv } from '../csv.ts';
import { csvAttachment, mailManager, requireMail } from '../mail.ts';
import { say } from '../messages.ts';
import type { Options } from '../options.ts';
import { People } from '../people.ts';
import { deadlineOf } from '../pick-window.ts';
import { Picks } from '../picks.ts';
import { type Reached, reach } from '../reach.ts';
import { Teams } from '../teams.ts';

type Ctx = AppContext<Options>;

async function deadlineText(ctx: Ctx, calendar: OfficeCalendar, month: string): Promise<string> {
  const deadline = await deadlineOf(calendar, month, ctx.options.dayPick);
  return `${koreanDate(deadline.date)} ${deadline.time}`;
}

/** (1) Everyone: pick your day of this month. */
export async function remindEveryone(ctx: Ctx, calendar: OfficeCalendar, month: string): Promise<Reached> {
  const { name } = ctx.options.dayPick;
  const text = say.remindPick(name, month, await deadlineText(ctx, calendar, month));
  return reach(ctx, await new People(ctx).all(), { title: `${name} 등록 안내`, text });
}

/** (2) The day before the deadline: only those who have not picked. */
export async function remindMissing(ctx: Ctx, calendar: OfficeCalendar, month: string): Promise<Reached> {
  const picks = await new Picks(ctx).ofMonth(month);
  const missing = (await new People(ctx).all()).filter((p) => !picks.has(p.email));
  const { name } = ctx.options.dayPick;
  const text = say.remindPickLast(name, month, await deadlineText(ctx, calendar, month));
  return reach(ctx, missing, { title: `${name} 등록 마감 안내`, text });
}

/** (3) At the deadline: each team's manager gets the team's picks as a CSV (이름,팀명,날짜). */
export async function mailPicks(ctx: Ctx, month: string): Promise<{ mailed: string[] }> {
  await requireMail(ctx);
  const picks = await new Picks(ctx).ofMonth(month);
  const people = await new People(ctx).all();
  const { name } = ctx.options.dayPick;
  const m = Number(month.slice(5, 7));
  const mailed: string[] = [];
  for (const team of await new Teams(ctx).all()) {
    const members = people.filter((p) => p.team === team.name);
    const rows = members.flatMap((p) => {
      const day = picks.get(p.email);
      return day ? [[p.name, team.name, day]] : [];
    });
    const missing = members.filter((p) => !picks.has(p.email)).map((p) => p.name);
    await mailManager(ctx, team.manager, {
      subject: `${m}월 ${name} 종합입니다`,
      text: [
        `${team.name}의 ${m}월 ${name} 등록 현황을 첨부합니다 (${rows.length}명).`,
        missing.length ? `등록하지 않은 사람: ${missing.join(', ')}` : '모두 등록했습니다.',
      ].join('\n'),
      attachments: [
        csvAttachment(`${month}_${name}_${team.name}.csv`, toCsv([['이름', '팀명', '날짜'], ...rows])),
      ],
    });
    mailed.push(team.manager);
  }
  return { mailed };
}
