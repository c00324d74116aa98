import path from 'node:path';
import type { IncomingMessage } from 'opsbot';
import { isoWeekOf } from './calendar.ts';
import type { Desk } from './desk.ts';
import { reportExtensions } from './kinds/report-upload.ts';
import { say } from './messages.ts';
import type { Person } from './people.ts';
import { Uploads } from './uploads.ts';

/** What a messenger connection's client answers for a file URL (Webex contents). */
export interface Downloaded {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

interface Downloader {
  download(url: string): Promise<Downloaded>;
}

/** The file URLs of a message (none for most messengers). */
export function filesOf(message: IncomingMessage): string[] {
  return message.files ?? [];
}

/** A file from a known person is this week's report: download, check the extension, keep it. */
export async function takeUpload(
  desk: Desk,
  message: IncomingMessage,
  person: Person,
  url: string,
): Promise<void> {
  const client = desk.ctx.connector<Downloader>(message.connection);
  let file: Downloaded;
  try {
    file = await client.download(url);
  } catch (err) {
    desk.ctx.log.error({ err, person: person.email }, 'could not download an uploaded report');
    await message.reply(say.uploadFailed);
    return;
  }
  const extensions = reportExtensions(desk);
  const ext = path.extname(file.filename).slice(1).toLowerCase();
  if (!extensions.includes(ext)) {
    await message.reply(say.wrongExtension(file.filename, extensions));
    return;
  }
  const week = isoWeekOf(desk.calendar.today().date);
  const uploads = new Uploads(desk.ctx);
  await uploads.save(person.email, week, uploads.fileOf(week, person.name, ext), file.data);
  await message.reply(say.uploaded(week, file.filename));
}
