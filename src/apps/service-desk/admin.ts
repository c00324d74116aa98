import type { CommandInvocation } from 'opsbot';
import type { Desk } from './desk.ts';
import { say } from './messages.ts';
import type { Person } from './people.ts';
import { reach, reachedText } from './reach.ts';

const PEOPLE_USAGE = '사용법: /people add <email> <이름> <팀>, /people remove <email>, /people list';

/** `/people add|remove|list`, for admins. */
export async function peopleCommand(desk: Desk, cmd: CommandInvocation): Promise<void> {
  const [word, email, name, ...team] = cmd.args;
  if (word === 'list') {
    await cmd.reply(listText(await desk.people.all()));
  } else if (word === 'add' && email?.includes('@') && name && team.length) {
    const how = await desk.people.upsert({ email, name, team: team.join(' ') });
    await cmd.reply(
      `${name} (${email.toLowerCase()}, ${team.join(' ')})을(를) ${how === 'added' ? '추가' : '수정'}했습니다.`,
    );
  } else if (word === 'remove' && email) {
    const removed = await desk.people.remove(email);
    await cmd.reply(
      removed ? `${email.toLowerCase()}을(를) 삭제했습니다.` : `${email}은(는) 등록되어 있지 않습니다.`,
    );
  } else {
    await cmd.reply(PEOPLE_USAGE);
  }
}

/** `/broadcast <text>`, for admins: to every member, with a summary of who could be reached. */
export async function broadcastCommand(desk: Desk, cmd: CommandInvocation): Promise<void> {
  const text = cmd.text.trim().replace(/^\/?broadcast\s*/i, '');
  if (!text) {
    await cmd.reply('사용법: /broadcast <보낼 내용>');
    return;
  }
  const reached = await reach(desk.ctx, await desk.people.all(), { title: '공지', text });
  await cmd.reply(`공지를 보냈습니다: ${reachedText(reached)}`);
}

/** Runs an admin command for an admin; refuses everyone else. */
export function adminOnly(desk: Desk, command: (desk: Desk, cmd: CommandInvocation) => Promise<void>) {
  return async (cmd: CommandInvocation, person: Person | undefined): Promise<void> => {
    if (!person) await cmd.reply(say.unknownPerson);
    else if (!person.admin) await cmd.reply(say.notAdmin);
    else await command(desk, cmd);
  };
}

function listText(people: Person[]): string {
  if (!people.length) return '등록된 사람이 없습니다.';
  const lines = people.map((p) => `- ${p.name} (${p.email}, ${p.team}${p.admin ? ', 관리자' : ''})`);
  return [`등록된 사람 ${people.length}명:`, ...lines].join('\n');
}
