import type { IncomingMessage } from 'opsbot';
import { adminOnly, broadcastCommand, peopleCommand } from './admin.ts';
import type { Desk } from './desk.ts';
import { converse } from './dialog.ts';
import { answered, formKey } from './kinds/form.ts';
import { say } from './messages.ts';
import type { Person } from './people.ts';
import { filesOf, takeUpload } from './upload.ts';

/** Registers the chat side: admin commands, free text, uploads and form answers. */
export function listen(desk: Desk): void {
  const { ctx } = desk;
  const people = adminOnly(desk, peopleCommand);
  const broadcast = adminOnly(desk, broadcastCommand);
  ctx.onCommand('people', async (cmd) => people(cmd, await known(desk, cmd)));
  ctx.onCommand('broadcast', async (cmd) => broadcast(cmd, await known(desk, cmd)));
  ctx.onMessage(async (message) => {
    // Another app's slash command (Slack's /attendance) reaches every app that reads chat: not ours.
    if (message.text.trim().startsWith('/')) return;
    const person = await known(desk, message);
    if (!person) {
      await message.reply(say.unknownPerson);
      return;
    }
    const files = filesOf(message);
    if (files.length) {
      for (const url of files) await takeUpload(desk, message, person, url);
    } else if (message.text.trim()) {
      await converse(desk, message, person);
    }
  });
  for (const service of desk.services.filter((s) => s.kind === 'form')) {
    ctx.onForm(formKey(service), (answers, from) => answered(desk, service, answers, from));
  }
}

/** The person who wrote, remembering where they wrote from (reminders go there). */
async function known(desk: Desk, message: IncomingMessage): Promise<Person | undefined> {
  const person = await desk.people.recognise(message.user);
  if (person && person.replyTo !== message.replyTo) {
    await desk.people.rememberReplyTo(person.email, message.replyTo);
    person.replyTo = message.replyTo;
  }
  return person;
}
