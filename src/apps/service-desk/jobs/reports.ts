import path from 'node:path';
import type { AppContext } from 'opsbot';
import { contentTypeOf, mailManager, requireMail } from '../mail.ts';
import { say } from '../messages.ts';
import type { Options } from '../options.ts';
import { People } from '../people.ts';
import { type Reached, reach } from '../reach.ts';
import { Teams } from '../teams.ts';
import { Uploads } from '../uploads.ts';

type Ctx = AppContext<Options>;

/** (4) Those who have not uploaded this week's report. */
export async function remindReports(ctx: Ctx, week: string): Promise<Reached> {
  const uploads = await new Uploads(ctx).ofWeek(week);
  const missing = (await new People(ctx).all()).filter((p) => !uploads.has(p.email));
  const text = say.remindReport(week, ctx.options.reports.extensions);
  return reach(ctx, missing, { title: '주간업무 보고 안내', text });
}

/**
 * (5) Each team's manager gets the week's reports in one mail, each file attached as it is: no
 * library here can merge pptx decks (the old bot copied slides with python-pptx).
 */
export async function mailReports(ctx: Ctx, week: string): Promise<{ mailed: string[] }> {
  await requireMail(ctx);
  const store = new Uploads(ctx);
  const uploads = await store.ofWeek(week);
  const people = await new People(ctx).all();
  const mailed: string[] = [];
  for (const team of await new Teams(ctx).all()) {
    const members = people.filter((p) => p.team === team.name);
    const sent = members.filter((p) => uploads.has(p.email));
    const missing = members.filter((p) => !uploads.has(p.email)).map((p) => p.name);
    const attachments = [];
    for (const person of sent) {
      const file = uploads.get(person.email) as string;
      const ext = path.extname(file).slice(1);
      attachments.push({
        filename: path.basename(file),
        content: (await store.read(file)).toString('base64'),
        contentType: contentTypeOf(ext),
      });
    }
    await mailManager(ctx, team.manager, {
      subject: `${week} 주간업무 보고 종합`,
      text: [
        `${team.name}의 ${week} 주간업무 보고 ${attachments.length}건을 각각 첨부했습니다 (하나의 파일로 합치지 않았습니다).`,
        missing.length ? `올리지 않은 사람: ${missing.join(', ')}` : '모두 올렸습니다.',
      ].join('\n'),
      attachments,
    });
    mailed.push(team.manager);
  }
  return { mailed };
}
