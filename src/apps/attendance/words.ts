import type { PortableMessage } from 'opsbot';
import type { Person } from './people.ts';

/** Replies to the command's words (me, forget, help) that need no form. */

export function helpMessage(command: string): PortableMessage {
  const c = `/${command}`;
  return {
    title: '출퇴근 입력 도움말',
    text: [
      `${c} — 출퇴근 입력 (처음이면 계정 등록)`,
      `${c} me — 등록 정보 보기`,
      `${c} edit — 등록 정보 고치기`,
      `${c} forget — 등록 정보 지우기`,
      `${c} help — 이 도움말`,
    ].join('\n'),
  };
}

export function unknownWordMessage(command: string, word: string): PortableMessage {
  const help = helpMessage(command);
  return { ...help, text: `"${word}" 은(는) 모르는 명령입니다.\n${help.text}` };
}

export function registrationMessage(person: Person | undefined, command: string): PortableMessage {
  if (!person) return notRegisteredMessage(command);
  return {
    title: '출퇴근 등록 정보',
    text: `비밀번호는 저장하지 않습니다. 고치려면 /${command} edit, 지우려면 /${command} forget.`,
    fields: [
      { name: 'Member ID', value: person.memberId, inline: true },
      { name: 'User ID', value: person.userId, inline: true },
      { name: '출근', value: person.startTime, inline: true },
      { name: '퇴근', value: person.endTime, inline: true },
    ],
  };
}

export function notRegisteredMessage(command: string): PortableMessage {
  return { text: `등록된 정보가 없습니다. /${command} 를 입력해 먼저 등록하세요.` };
}

export function registeredMessage(person: Person, command: string): PortableMessage {
  return {
    title: '출퇴근 계정 등록 완료',
    text: `등록했습니다. /${command} 를 다시 입력하면 출퇴근을 입력할 수 있습니다.`,
    severity: 'success',
    fields: [
      { name: 'Member ID', value: person.memberId, inline: true },
      { name: 'User ID', value: person.userId, inline: true },
      { name: '근무 시간', value: `${person.startTime}-${person.endTime}`, inline: true },
    ],
  };
}

export function forgottenMessage(removed: boolean): PortableMessage {
  return { text: removed ? '등록 정보를 지웠습니다.' : '지울 등록 정보가 없습니다.' };
}
