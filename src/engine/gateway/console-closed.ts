/**
 * The page a browser gets instead of the console when the gate refuses it: 403 (the console is
 * open to loopback only) or 503 (no admin exists yet). Static, in both languages, no script.
 */
const TEXTS: Record<403 | 503, { ko: [string, string]; en: [string, string] }> = {
  403: {
    ko: [
      '콘솔에 접근할 수 없습니다',
      '이 콘솔은 이 서버(루프백)에서만 열 수 있습니다. 외부에서 쓰려면 opsbot.yaml에 console: { public: true }를 설정하세요.',
    ],
    en: [
      'The console is closed to this address',
      'This console answers only on this machine (loopback). To open it to others, set console: { public: true } in opsbot.yaml.',
    ],
  },
  503: {
    ko: [
      '아직 콘솔 관리자가 없습니다',
      '서버에서 다음 명령으로 첫 관리자를 만드세요: opsbot console user add 이름 --role admin',
    ],
    en: [
      'No console admin yet',
      'Create the first admin on the server: opsbot console user add NAME --role admin',
    ],
  },
};

export function closedPage(status: 403 | 503): string {
  const { ko, en } = TEXTS[status];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>opsbot — ${en[0]}</title><link rel="stylesheet" href="/console/assets/style.css">
<link rel="stylesheet" href="/console/assets/pages.css"></head>
<body class="closed"><main class="closed-box">
<h1>${en[0]}</h1><p>${en[1]}</p>
<h1 lang="ko">${ko[0]}</h1><p lang="ko">${ko[1]}</p>
<p class="muted">HTTP ${status}</p>
</main></body></html>
`;
}
