/** The HR site's pages: plain server-rendered HTML with forms that post back (no script). */

export interface Entry {
  date: string;
  start: string;
  end: string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><h1>${esc(title)}</h1>
${body}
</body></html>`;
}

/** The login form; after a refused login it shows `.error` and keeps the IDs (never the password). */
export function loginPage(refused?: { memberId: string; userId: string }): string {
  const error = refused
    ? '<p class="error">로그인 실패: 회원 ID, 사용자 ID 또는 비밀번호가 틀립니다.</p>'
    : '';
  return layout(
    '근태관리 로그인',
    `${error}
<form class="loginInputArea" method="post" action="/login">
  <label>회원 ID <input id="memberID" name="memberId" value="${esc(refused?.memberId ?? '')}"></label>
  <label>사용자 ID <input id="userID" name="userId" value="${esc(refused?.userId ?? '')}"></label>
  <label>비밀번호 <input id="password" name="password" type="password"></label>
  <div class="loginSubmit"><input type="submit" value="로그인"></div>
</form>`,
  );
}

/** One month's days with what is stored; each day links to its form. */
export function monthPage(
  memberId: string,
  month: string,
  days: string[],
  entries: Map<string, Entry>,
): string {
  const rows = days.map((date) => {
    const e = entries.get(date);
    const link = `/${encodeURIComponent(memberId)}/tcard?date=${date.replaceAll('-', '')}`;
    return `  <tr><td><a href="${link}">${date}</a></td><td class="start">${e ? e.start : '미입력'}</td><td class="end">${e ? e.end : ''}</td></tr>`;
  });
  return layout(
    `출퇴근 기록 ${month.slice(0, 4)}년 ${month.slice(4)}월`,
    `<table id="tcard-list"><thead><tr><th>날짜</th><th>출근</th><th>퇴근</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`,
  );
}

export interface DayView {
  memberId: string;
  date: string;
  entry?: Entry;
  future: boolean;
  saved?: boolean;
  /** A validation message after a post that stored nothing. */
  problem?: string;
}

/** The day's form: start/end carry the stored values as `value` attributes. */
export function dayPage(v: DayView): string {
  const value = (s?: string) => (s ? ` value="${esc(s)}"` : '');
  const notes = [
    v.future ? '<p class="refused">미래 날짜는 등록할 수 없습니다.</p>' : '',
    v.problem ? `<p class="problem">${esc(v.problem)}</p>` : '',
    v.saved ? '<p class="saved">저장되었습니다.</p>' : '',
  ].join('');
  const action = `/${encodeURIComponent(v.memberId)}/tcard?date=${v.date.replaceAll('-', '')}`;
  return layout(
    `출퇴근 입력 ${v.date}`,
    `${notes}
<form class="tcard-entry" method="post" action="${action}">
  <label>출근 <input class="start-time" name="start" placeholder="HH:MM"${value(v.entry?.start)}></label>
  <label>퇴근 <input class="end-time" name="end" placeholder="HH:MM"${value(v.entry?.end)}></label>
  <button class="save" type="submit">저장</button>
</form>
<p><a href="/${encodeURIComponent(v.memberId)}/tcard?month=${v.date.slice(0, 7).replace('-', '')}">목록</a></p>`,
  );
}

export function errorPage(status: number, text: string): string {
  return layout(`오류 ${status}`, `<p class="server-error">${esc(text)}</p>`);
}
