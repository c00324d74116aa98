import { isoWeekOf } from '../calendar.ts';
import type { Desk } from '../desk.ts';
import { say } from '../messages.ts';
import type { Service } from '../services.ts';
import type { Turn } from './turn.ts';

/**
 * Asks for the file and ends the conversation: a conversation's answer is text only, so the file
 * comes as an ordinary message, which the desk takes as an upload (see upload.ts).
 */
export async function reportUpload(desk: Desk, { conv }: Turn): Promise<void> {
  await conv.end(say.attach(isoWeekOf(desk.calendar.today().date), reportExtensions(desk)));
}

/** The report-upload entry's `extensions`, else the app's `reports.extensions` (lower case, no dot). */
export function reportExtensions(desk: Pick<Desk, 'ctx' | 'services'>): string[] {
  const entry: Service | undefined = desk.services.find((s) => s.kind === 'report-upload');
  const listed = entry?.options.extensions;
  const extensions =
    Array.isArray(listed) && listed.every((e) => typeof e === 'string') && listed.length
      ? (listed as string[])
      : desk.ctx.options.reports.extensions;
  return extensions.map((e) => e.replace(/^\./, '').toLowerCase());
}
