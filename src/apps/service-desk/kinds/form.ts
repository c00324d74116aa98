import { randomUUID } from 'node:crypto';
import type { FormReplyInfo, FormSpec } from 'opsbot';
import { dbOf } from '../db.ts';
import type { Desk } from '../desk.ts';
import { mailManager } from '../mail.ts';
import { say } from '../messages.ts';
import type { Service } from '../services.ts';
import { Teams } from '../teams.ts';
import type { Turn } from './turn.ts';

/** Sends the entry's form; its answers arrive through onForm (registered at start, see answered). */
export async function formService(desk: Desk, { conv, message, service }: Turn): Promise<void> {
  await conv.end();
  // Not awaited: the answers may come hours later, or after a restart, to the key's handler.
  void desk.ctx.form(message, formSpecOf(service));
}

/** The entry's `form: { title, fields }`, keyed by its code so answers find the handler after a restart. */
export function formSpecOf(service: Service): FormSpec {
  const form = service.options.form as Partial<FormSpec> | undefined;
  if (!form || typeof form.title !== 'string' || !Array.isArray(form.fields)) {
    throw new Error(`service-desk: catalogue entry "${service.name}" (form) needs form: { title, fields }`);
  }
  return { title: form.title, fields: form.fields, key: formKey(service) };
}

export const formKey = (service: Service): string => `service-desk/form/${service.code}`;

/** Stores a person's answers; mails them to their team's manager when `with.mail` is set. */
export async function answered(
  desk: Desk,
  service: Service,
  answers: Record<string, unknown>,
  from: FormReplyInfo,
): Promise<void> {
  const person = await desk.people.recognise(from.user);
  if (!person) {
    await from.reply(say.unknownPerson);
    return;
  }
  await dbOf(desk.ctx)
    .insertInto('form_answers')
    .values({
      id: randomUUID(),
      email: person.email,
      service: service.code,
      answers: JSON.stringify(answers),
      answered_at: desk.ctx.clock.now(),
    })
    .execute();
  await from.reply(say.formSaved);
  const manager = await new Teams(desk.ctx).manager(person.team);
  if (desk.ctx.options.mail && manager) {
    const lines = Object.entries(answers).map(
      ([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`,
    );
    await mailManager(desk.ctx, manager, {
      subject: `[${service.name}] ${person.name}님의 답변`,
      text: [`${person.name} (${person.team})님이 '${service.name}'에 답했습니다.`, '', ...lines].join('\n'),
    });
  }
}
