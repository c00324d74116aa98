import type { Service } from './services.ts';

/** Everything the desk says, in Korean. */
export const say = {
  unknownPerson:
    '등록되지 않은 사용자입니다. 이 봇은 등록된 팀원만 쓸 수 있습니다. 관리자에게 등록을 요청해 주세요.',
  notAdmin: '관리자만 쓸 수 있는 명령입니다.',
  confirm: (service: Service) => `'${service.name}' 서비스를 원하시나요? (네/아니오)`,
  confirmRetry: '네 또는 아니오로 답해 주세요.',
  declined: '알겠습니다. 원하시는 서비스를 다시 말씀해 주세요.',
  tie: (services: Service[]) =>
    ['혹시 이 중 하나인가요? 번호로 답해 주세요.', ...services.map((s, i) => `${i + 1}. ${s.name}`)].join(
      '\n',
    ),
  tieRetry: (count: number) => `1부터 ${count} 사이의 번호로 답해 주세요.`,
  help: (services: Service[]) =>
    [
      '원하시는 서비스를 찾지 못했습니다. 이런 서비스가 있습니다:',
      ...services.map((s) => `- ${s.name}`),
    ].join('\n'),
  cancelled: '취소했습니다.',
  timedOut: '답이 없어 대화를 마쳤습니다. 필요하시면 다시 말씀해 주세요.',
  interrupted: '봇이 다시 시작되어 대화가 중단되었습니다. 다시 말씀해 주세요.',
  askDay: (label: string, month: string) =>
    `${label} 날짜를 입력해 주세요. ${Number(month.slice(0, 4))}년 ${Number(month.slice(5, 7))}월 중 하루 (예: ${month}-15, ${Number(month.slice(5, 7))}월 15일)`,
  picked: (date: string) => `${Number(date.slice(5, 7))}월 ${Number(date.slice(8, 10))}일로 등록했습니다.`,
  lookup: (label: string, date: string | undefined) =>
    date
      ? `이번 달 ${label}: ${Number(date.slice(5, 7))}월 ${Number(date.slice(8, 10))}일`
      : `이번 달 등록된 ${label} 날짜가 없습니다.`,
  lookupNext: (label: string, date: string) =>
    `다음 달 ${label}: ${Number(date.slice(5, 7))}월 ${Number(date.slice(8, 10))}일`,
  attach: (week: string, extensions: string[]) =>
    `이번 주(${week}) 업무보고 파일(${extensions.join(', ')})을 이 대화방에 첨부해 주세요.`,
  wrongExtension: (filename: string, extensions: string[]) =>
    `'${filename}' 파일은 받을 수 없습니다. ${extensions.join(', ')} 파일만 올릴 수 있습니다.`,
  uploaded: (week: string, filename: string) => `이번 주(${week}) 업무보고 '${filename}'를 받았습니다.`,
  uploadFailed: '파일을 내려받지 못했습니다. 잠시 후 다시 첨부해 주세요.',
  formSaved: '답변을 저장했습니다. 감사합니다.',
  remindPick: (label: string, month: string, deadline: string) =>
    `${Number(month.slice(5, 7))}월 ${label} 날짜를 등록해 주세요. ${deadline}까지 바꿀 수 있습니다. "${label} 등록"이라고 말씀해 주세요.`,
  remindPickLast: (label: string, month: string, deadline: string) =>
    `아직 ${Number(month.slice(5, 7))}월 ${label} 날짜를 등록하지 않으셨습니다. ${deadline}에 마감됩니다. "${label} 등록"이라고 말씀해 주세요.`,
  remindReport: (week: string, extensions: string[]) =>
    `이번 주(${week}) 업무보고를 아직 올리지 않으셨습니다. 파일(${extensions.join(', ')})을 이 대화방에 첨부해 주세요.`,
};
