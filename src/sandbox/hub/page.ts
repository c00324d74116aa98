import type { HubHrLogin, HubLink } from './types.ts';

/**
 * The hub page's HTML: Korean first, English beside it (a button switches which one shows), no
 * CDN, no inline script (the CSP allows only /hub.js). Ids are stable: tests and people's scripts
 * use them.
 */

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Both languages; CSS shows the one the body's class picks. */
const t = (ko: string, en: string) => `<span class="ko">${esc(ko)}</span><span class="en">${esc(en)}</span>`;

const STYLE = `
body { font-family: system-ui, "Malgun Gothic", sans-serif; margin: 0; background: #f4f5f7; color: #222; }
body.lang-ko .en, body.lang-en .ko { display: none; }
header { background: #1f2a44; color: #fff; padding: 10px 18px; display: flex; align-items: center; gap: 16px; }
header h1 { font-size: 18px; margin: 0; flex: 1; }
header a { color: #cfe0ff; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; padding: 12px; }
section { background: #fff; border-radius: 6px; padding: 10px 14px; box-shadow: 0 1px 2px #0002; }
section h2 { font-size: 15px; margin: 4px 0 8px; }
section.wide { grid-column: 1 / -1; }
label { display: block; margin: 4px 0; font-size: 13px; }
input, select { font: inherit; padding: 3px 5px; }
button { font: inherit; padding: 3px 10px; cursor: pointer; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
td, th { border-bottom: 1px solid #e3e3e3; padding: 3px 5px; text-align: left; vertical-align: top; }
.up { color: #15803d; } .down { color: #b91c1c; font-weight: bold; }
.msg { white-space: pre-wrap; word-break: break-word; }
.switch h3 { font-size: 14px; margin: 8px 0 4px; }
.port { display: inline-block; font-size: 12px; border: 1px solid #e3e3e3; border-radius: 4px; padding: 2px 4px; margin: 2px; }
.port button { font-size: 12px; padding: 1px 6px; }
#status { font-size: 13px; min-height: 1.2em; color: #555; }
`;

function linksSection(links: HubLink[]): string {
  const items = links
    .map((l) => `<li><a id="link-${esc(l.key)}" href="${esc(l.url)}" target="_blank">${esc(l.name)}</a></li>`)
    .join('');
  return `<section><h2>${t('에뮬레이터 화면', 'Emulator pages')}</h2><ul>${items}</ul></section>`;
}

const SWITCHES = `<section><h2>${t('스위치', 'Switches')}</h2>
<div id="switches"></div>
<p>${t('포트를 내리면 network-checker가 다음 점검 때 알립니다.', 'Take a port down: network-checker alerts on its next poll.')}</p>
</section>`;

const NOTICES = `<section><h2>${t('공지 게시', 'Post a notice')}</h2>
<form id="notice-form">
<label>${t('제목', 'Title')} <input id="notice-title" required maxlength="200"></label>
<label>${t('첨부 파일 이름', 'Attachment name')} <input id="notice-attachment" maxlength="100" placeholder="memo.pdf"></label>
<button id="notice-post" type="submit">${t('게시', 'Post')}</button>
</form>
<table><tbody id="notices"></tbody></table>
</section>`;

function fepSection(address: string): string {
  return `<section><h2>${t('FEP 알림 보내기', 'Send a FEP alert')}</h2>
<p>${t('보낼 곳', 'Goes to')} <code id="fep-address">${esc(address)}</code> (market-alert)</p>
<form id="fep-form">
<label>${t('종류', 'Kind')} <select id="fep-type">
<option value="1">1 market (warning)</option><option value="2">2 system (error)</option></select></label>
<label>${t('내용', 'Text')} <input id="fep-text" required maxlength="1000" size="36"></label>
<button id="fep-send" type="submit">${t('보내기', 'Send')}</button>
</form></section>`;
}

const HOLIDAYS = `<section><h2>${t('휴장일 제공자 (data.go.kr)', 'Holiday provider (data.go.kr)')}</h2>
<form id="holiday-form">
<label>${t('날짜', 'Date')} <input id="holiday-date" type="date" required></label>
<label>${t('이름', 'Name')} <input id="holiday-name" required maxlength="100" value="임시공휴일"></label>
<button id="holiday-add" type="submit">${t('추가', 'Add')}</button>
</form>
<p>${t('holiday-checker가 다음 실행 때 이 날을 찾아 알리고 달력에 넣습니다.', 'holiday-checker finds it on its next run, alerts and adds it to the calendar.')}</p>
<table><tbody id="holidays"></tbody></table>
</section>`;

const KAKAO = `<section><h2>${t('카카오 고객 파일', 'Kakao customer file')}</h2>
<p><a id="kakao-download" href="/api/kakao.csv">${t('CSV 내려받기', 'Download CSV')}</a></p>
<div id="kakao"></div>
</section>`;

/** The attendance app's side: how to start it on Slack, and what the HR site now stores. */
function hrSection(login: HubHrLogin): string {
  const account = `<code id="hr-login">${esc(login.memberId)} / ${esc(login.userId)} / ${esc(login.password)}</code>`;
  return `<section><h2>${t('근태 사이트 기록', 'HR time-card records')}</h2>
<p>${t('Slack 작업 공간의 #attendance 에서 /attendance 를 입력하세요. 샌드박스 계정 (회원 ID / 사용자 ID / 비밀번호):', 'In the Slack workspace, type /attendance in #attendance. Sandbox account (member ID / user ID / password):')} ${account}</p>
<table><thead><tr><th>${t('회원', 'Member')}</th><th>${t('날짜', 'Date')}</th><th>${t('출근', 'Start')}</th><th>${t('퇴근', 'End')}</th></tr></thead>
<tbody id="hr-rows"></tbody></table>
</section>`;
}

const POSTED = `<section class="wide"><h2>${t('봇이 보낸 메시지', 'What the bot posted')}</h2>
<table><thead><tr><th>${t('시각', 'Time')}</th><th>${t('메신저', 'Messenger')}</th><th>${t('받는 곳', 'To')}</th><th>${t('내용', 'Message')}</th></tr></thead>
<tbody id="posted"></tbody></table>
</section>`;

export function hubPage(links: HubLink[], fepAddress: string, hrLogin: HubHrLogin): string {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>opsbot sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body class="lang-ko">
<header><h1>opsbot ${t('샌드박스', 'sandbox')}</h1>
<span id="status" role="status"></span>
<button id="lang" type="button">English</button></header>
<main>
${linksSection(links)}
${SWITCHES}
${NOTICES}
${fepSection(fepAddress)}
${HOLIDAYS}
${KAKAO}
${hrSection(hrLogin)}
${POSTED}
</main>
<script src="/hub.js"></script>
</body></html>`;
}
